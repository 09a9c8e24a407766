import pytest

from models.audit import changed_fields
from models.crypto import CertificateCipher, CertificateKeyError
from models.privacy import mask_certificate, mask_last4, normalise_certificate

INVENTED = "001234567890"


@pytest.mark.parametrize("raw", ["001234567890", "0012 3456 7890", "0012-3456-7890"])
def test_it_normalises_a_certificate_written_with_spaces_or_dashes(raw):
    assert normalise_certificate(raw) == INVENTED


@pytest.mark.parametrize(
    "raw", ["", "12345678901", "0012345678901", "00123456789X", "١٢٣٤٥٦٧٨٩٠١٢"])
def test_it_rejects_anything_but_twelve_digits(raw):
    assert normalise_certificate(raw) is None


def test_it_masks_to_the_last_four_digits():
    assert mask_certificate(INVENTED) == "••••••••7890"
    assert mask_last4("7890") == "••••••••7890"
    assert mask_last4(None) == "none recorded"


def test_it_masks_certificates_in_audit_changes():
    changes = changed_fields({"dbs_certificate": None, "name": "A"},
                             {"dbs_certificate": INVENTED, "name": "A", "updated_at": 1})
    assert changes == {"dbs_certificate": [None, "••••••••7890"]}
    assert INVENTED not in repr(changes)


def test_it_encrypts_round_trip_without_the_number_in_the_token():
    cipher = CertificateCipher(CertificateCipher.new_key())
    token = cipher.encrypt(INVENTED)
    assert INVENTED not in token and cipher.decrypt(token) == INVENTED


def test_it_refuses_a_wrong_key_without_naming_the_secret():
    token = CertificateCipher(CertificateCipher.new_key()).encrypt(INVENTED)
    other = CertificateCipher.new_key()
    with pytest.raises(CertificateKeyError) as raised:
        CertificateCipher(other).decrypt(token)
    assert other not in str(raised.value) and INVENTED not in str(raised.value)


def test_it_reads_old_tokens_after_rotation_and_rotates_them_to_the_new_key():
    old, new = CertificateCipher.new_key(), CertificateCipher.new_key()
    token = CertificateCipher(old).encrypt(INVENTED)
    both = CertificateCipher(f"{new},{old}")
    rotated = both.rotate(token)
    assert CertificateCipher(new).decrypt(rotated) == INVENTED


def test_it_explains_a_malformed_key():
    with pytest.raises(CertificateKeyError, match="SAFECOMM_ENCRYPTION_KEY is not a valid"):
        CertificateCipher("not-a-key")
