"""Block, action and callback IDs: spelled once here, shared by the builders that send them and
the listeners that receive them.

A form's values come back as ``state.values[block_id][action_id]``; an input's action ID is
its block ID unless a separate one is given here (a datepicker whose change refreshes its
form). A "block ID prefix" is followed by ``:`` and the date the block was prefilled with, so
a refreshed form shows the new prefill.
"""

# Buttons on messages
RECORD_RENEWAL_ACTION = "record_renewal"  # value: the staff member's id
ACKNOWLEDGE_BRIEFING_ACTION = "acknowledge_briefing"  # value: the briefing delivery's id
ACKNOWLEDGE_BRIEFING_BLOCK = "briefing"  # then "_<the briefing delivery's id>"

# Monitoring meeting form (private_metadata: the contract's id)
MEETING_CALLBACK = "meeting_modal"
HELD_ON = "held_on"
MEETING_HELD_ON_ACTION = "meeting_held_on"
DISCUSSED = "safeguarding_discussed"
METRICS = "metrics"
ACTIONS_AGREED = "actions"
NOTES = "notes"  # also on the self-assessment form
NEXT_MEETING = "next_meeting_on"  # block ID prefix

# Thematic check form (private_metadata: the contract's id)
CHECK_CALLBACK = "check_modal"
THEME = "theme"
DONE_ON = "done_on"
OUTCOME = "outcome"
FINDINGS = "findings"

# Self-assessment form (private_metadata: the provider's id)
ASSESSMENT_CALLBACK = "assessment_modal"
COMPLETED_ON = "completed_on"
STATEMENT_ON = "statement_received_on"

# DBS renewal-or-leaver form (private_metadata: the staff member's id)
RECORD_RENEWAL_CALLBACK = "record_renewal_modal"
CERTIFICATE = "certificate"
ISSUED_ON = "issued_on"
RENEWAL_ISSUED_ON_ACTION = "renewal_issued_on"
RECHECK_DUE = "recheck_due"  # block ID prefix
RENEWAL_OUTCOME = "renewal_outcome"  # a renewal, or the person left
RENEWED = "renewed"
LEFT = "left"
LEFT_ON = "left_on"

# Publish-a-briefing form (private_metadata: "0")
BRIEFING_CALLBACK = "briefing_modal"
BRIEFING_TITLE = "briefing_title"
BRIEFING_SUMMARY = "briefing_summary"
BRIEFING_URL = "briefing_url"
BRIEFING_KIND = "briefing_kind"
BRIEFING_AUDIENCE = "briefing_audience"
BRIEFING_PROVIDERS = "briefing_providers"
