"""The sources behind afterview's advice and defaults.

Every rule, plan step and default cites at least one of these. The five guides are the
seeds the product is built from (paraphrased, never quoted); the surveys are the public
figures behind the numeric defaults.

They are marked for the catalogue and stay English in JSON and in stored steps; a page
translates them as it shows them (the ``translated`` filter).
"""

from __future__ import annotations

from typing import Final

from afterview.i18n import N_

# The five guides.
NOW_WHAT: Final = N_('"I did the interview…Now what?" (community employment centre blog, 2014)')
WHAT_TO_DO: Final = N_('"What to Do After an Interview"')
SIX_TIPS: Final = N_('"6 Post Interview Tips"')
ACE: Final = N_('"How to Ace a Job Interview: After the Interview"')
SIX_RS: Final = N_('"What to do after an interview" (the 6 Rs, 2020)')

GUIDES: Final = (NOW_WHAT, WHAT_TO_DO, SIX_TIPS, ACE, SIX_RS)

# Surveys and studies behind the numbers.
TOPRESUME_2017: Final = N_("TopResume survey of 358 recruiters and hiring managers (Nov 2017)")
ROBERT_HALF_2017: Final = N_("Robert Half / Accountemps survey of HR managers (Nov 2017)")
ACCOUNTEMPS_2012: Final = N_("Accountemps survey of HR managers (2012)")
BOOMERANG_2016: Final = N_("Boomerang study of 40 million emails (2016)")
INDEED_2023: Final = N_("Indeed career advice on follow-up timing (2023)")
CAREER_NETWORK: Final = N_("career-network guidance on follow-up limits")
GREENHOUSE_2024: Final = N_("Greenhouse candidate experience report (2024)")
GLASSDOOR_2017: Final = N_("Glassdoor time-to-hire study (2017)")
TALENT_BOARD_2022: Final = N_("Talent Board candidate experience research (2022)")
PENNEBAKER_1994: Final = N_(
    "Spera, Buhrfeind & Pennebaker, expressive writing and re-employment (1994)"
)
MAIL_HYGIENE: Final = N_("RFC 5322 and large mailbox providers' sender guidelines")
OPTIONAL_HOLIDAYS: Final = N_(
    "Government of Alberta, general holidays (Heritage Day is optional) and Ontario's guide "
    "to the Employment Standards Act, public holidays (the Civic Holiday is not one)"
)

SURVEYS: Final = (
    TOPRESUME_2017,
    ROBERT_HALF_2017,
    ACCOUNTEMPS_2012,
    BOOMERANG_2016,
    INDEED_2023,
    CAREER_NETWORK,
    GREENHOUSE_2024,
    GLASSDOOR_2017,
    TALENT_BOARD_2022,
    PENNEBAKER_1994,
    MAIL_HYGIENE,
    OPTIONAL_HOLIDAYS,
)
