"""Block, action and callback IDs: shared by the builders that send them and the listeners
that receive them."""

RECORD_RENEWAL_ACTION = "record_renewal"  # button value: the staff member's id
RECORD_RENEWAL_CALLBACK = "record_renewal_modal"
ACKNOWLEDGE_BRIEFING_ACTION = "acknowledge_briefing"  # button value: the delivery's id
MEETING_CALLBACK = "meeting_modal"
CHECK_CALLBACK = "check_modal"
ASSESSMENT_CALLBACK = "assessment_modal"
BRIEFING_CALLBACK = "briefing_modal"
