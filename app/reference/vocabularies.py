"""The vocabularies' field names in the API."""

from __future__ import annotations

# The API's plural field name for each vocabulary (`activity` -> `activities`).
PLURALS = {
    "activity": "activities",
    "violence_type": "violence_types",
    "risk_factor": "risk_factors",
    "strand": "strands",
    "beneficiary_group": "beneficiary_groups",
    "applicant_type": "applicant_types",
}
