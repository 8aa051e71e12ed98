"""A labelled corpus of notes for the lint: good ones that must pass clean, bad ones with
the rules each must draw.

The notes were written for these tests: formal and casual, short cards and long emails, to
and from people whose names come from many languages. Each scene is one interview (a
candidate, a company, two panel members and what was discussed with each, other companies
in the pipeline); a sample is one note in a scene, labelled with the rules it must draw
(none for a good note). Bad notes are mostly good ones with one passage changed, so each
shows what a single slip looks like, plus a few written badly throughout.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from msgspec.structs import replace

from afterview.domain.lint import Note, parse_note
from afterview.domain.models import Case, Channel, PanelMember, PipelineEntry, Promise
from tests.factories import application, candidate, case, interview

LISBON = ZoneInfo("Europe/Lisbon")


@dataclass(frozen=True, slots=True)
class Scene:
    candidate: str
    company: str
    role: str
    panel: tuple[tuple[str, str, tuple[str, ...]], ...]  # name, role, topics
    pipeline: tuple[str, ...]
    promises: tuple[str, ...] = ()  # what the candidate promised to send

    def case(self) -> Case:
        members = tuple(
            PanelMember(name, LISBON, role=role, topics=topics)  # type: ignore[arg-type]
            for name, role, topics in self.panel
        )
        return case(
            candidate=candidate(name=self.candidate, signature=None),
            application=application(
                company=self.company, role=self.role, referrer=None, references=(), links=()
            ),
            interview=replace(
                interview(), panel=members, promises=tuple(Promise(p) for p in self.promises)
            ),
            pipeline=tuple(PipelineEntry(c, "Engineer", "applied") for c in self.pipeline),
        )


@dataclass(frozen=True, slots=True)
class Sample:
    name: str
    scene: Scene
    kind: str
    to: str
    text: str
    expect: frozenset[str] = frozenset()
    channel: Channel = "email"

    def note(self) -> Note:
        return parse_note(self.text, self.to, channel=self.channel)


LUMEN = Scene(
    "Aiko Tanaka",
    "Lumen Health",
    "Product Designer",
    (
        ("Oluwaseun Adeyemi", "hiring_manager", ("the patient intake dashboard",)),
        ("Siobhán Ní Bhriain", "interviewer", ("accessibility audits for the mobile app",)),
    ),
    ("Kestrel Logistics", "Brightwater Bank"),
)
KESTREL = Scene(
    "Mateus Oliveira",
    "Kestrel Logistics",
    "Backend Engineer",
    (
        ("Zhang Wei", "hiring_manager", ("routing warehouse orders in real time",)),
        ("Fatima Al-Sayed", "interviewer", ("the on-call handbook",)),
    ),
    ("Lumen Health", "Fjord Games", "Saffron Media"),
)
BRIGHTWATER = Scene(
    "Priyanka Iyer",
    "Brightwater Bank",
    "Risk Analyst",
    (
        ("Jürgen Müller", "hiring_manager", ("stress testing the mortgage book",)),
        ("Nguyễn Thị Lan", "recruiter", ("the hybrid working policy",)),
    ),
    ("Quillon Software", "Kestrel Logistics"),
)
FJORD = Scene(
    "Kwame Mensah",
    "Fjord Games",
    "Gameplay Programmer",
    (
        ("Ingrid Halvorsen", "hiring_manager", ("the physics engine rewrite",)),
        ("José Martínez", "interviewer", ("automated playtesting bots",)),
    ),
    ("Saffron Media", "Lumen Health"),
)
SAFFRON = Scene(
    "Léa Dubois",
    "Saffron Media",
    "Data Journalist",
    (
        ("Aleksandr Petrov", "hiring_manager", ("the election results map",)),
        ("Chidinma Okafor", "interviewer", ("verifying sources under deadline",)),
    ),
    ("Fjord Games", "Brightwater Bank"),
)
PROMISED = Scene(
    "Amara Nwosu",
    "Tidewater Studios",
    "Sound Designer",
    (
        ("Hamid Rezaei", "hiring_manager", ("the foley library for the new series",)),
        ("Sofia Esposito", "interviewer", ("mixing for small speakers",)),
    ),
    ("Fjord Games",),
    promises=("send the showreel with the rain scene",),
)
QUILLON = Scene(
    "Tomás Herrera",
    "Quillon Software",
    "Site Reliability Engineer",
    (
        ("Yuki Sato", "hiring_manager", ("cutting the deploy time",)),
        ("Małgorzata Kowalska", "interviewer", ("postmortems without blame",)),
    ),
    ("Kestrel Logistics", "Fjord Games"),
)


def _edit(sample: Sample, name: str, old: str, new: str, expect: set[str]) -> Sample:
    assert old in sample.text, old
    text = sample.text.replace(old, new)
    return replace_sample(sample, name=name, text=text, expect=frozenset(expect))


def replace_sample(sample: Sample, **changes: object) -> Sample:
    fields = {f: getattr(sample, f) for f in Sample.__slots__}
    fields.update(changes)
    return Sample(**fields)  # type: ignore[arg-type]


# -- good notes ----------------------------------------------------------------------------

G_LUMEN_TY_OLU = Sample(
    "lumen thank-you, formal",
    LUMEN,
    "thank_you",
    "Oluwaseun Adeyemi",
    """Subject: Thank you for Tuesday's conversation

Dear Oluwaseun,

Thank you for meeting me on Tuesday to talk about the Product Designer role at Lumen
Health. I keep thinking about the patient intake dashboard you showed me: the way nurses
re-enter the same details on three screens is a problem I would love to help solve. At
my previous studio I redesigned a clinic check-in flow and we removed two of its five
steps after watching real patients use it.

The team's habit of testing every change with clinicians made me even more enthusiastic
about joining.

With best wishes,
Aiko Tanaka""",
)
G_LUMEN_TY_SIO = Sample(
    "lumen thank-you, warm and specific (the trial's false positive)",
    LUMEN,
    "thank_you",
    "Siobhán Ní Bhriain",
    """Subject: Accessibility audits, and thank you

Hi Siobhán,

Many thanks for the hour on Tuesday. Your account of the accessibility audits for the
mobile app stayed with me all evening, especially the moment a screen-reader user found
the booking button hidden behind a carousel. I have been part of two audits like that,
and I would be glad to bring that experience to Lumen Health and to keep pushing for
contrast and focus order from the first sketch.

I really enjoyed our conversation, and I hope we get to work together.

Warmly,
Aiko""",
)
G_LUMEN_CARD = Sample(
    "lumen thank-you card, short",
    LUMEN,
    "thank_you",
    "Siobhán Ní Bhriain",
    """Dear Siobhán,

Thank you for the tour and for explaining your accessibility audits for the mobile app.
I would be proud to join Lumen Health.

Aiko Tanaka""",
    channel="letter",
)
G_LUMEN_REJ = Sample(
    "lumen rejection reply",
    LUMEN,
    "rejection_reply",
    "Oluwaseun Adeyemi",
    """Subject: Re: Product Designer

Dear Oluwaseun,

Thank you for letting me know, and for the care you took over the whole process. I am
sorry it was not a match this time, but I learnt a lot from the design exercise and from
meeting the team at Lumen Health. If you have a minute, what one thing could I have shown
to make my portfolio stronger for this role? I would be glad to hear about future openings
and wish you every success with the new intake flow.

Kind regards,
Aiko Tanaka""",
)
G_LUMEN_LINKEDIN = Sample(
    "lumen keep in touch on LinkedIn",
    LUMEN,
    "keep_in_touch",
    "Siobhán Ní Bhriain",
    """Hi Siobhán, thanks again for the conversations at Lumen Health. I would be glad to stay
in touch and follow your accessibility work.
Aiko""",
    channel="linkedin",
)
G_KESTREL_TY_ZHANG = Sample(
    "kestrel thank-you to a Chinese name, family name first",
    KESTREL,
    "thank_you",
    "Zhang Wei",
    """Subject: Thank you from Mateus Oliveira

Dear Zhang Wei,

Thank you for walking me through how Kestrel Logistics is routing warehouse orders in real
time. The idea of re-planning a route the moment a dock closes is the kind of problem I
enjoy most, and my work on dispatch queues at my current company would carry over well. I
left the interview excited about the role and about the team's careful approach to
rollouts.

If it helps, I can share the short design note I mentioned on queue back-pressure.

Best regards,
Mateus Oliveira""",
)
G_KESTREL_TY_FATIMA = Sample(
    "kestrel thank-you, casual",
    KESTREL,
    "thank_you",
    "Fatima Al-Sayed",
    """Subject: Thanks for the chat about on-call

Hi Fatima,

Thanks a lot for the frank conversation about the on-call handbook. It is rare to hear a
team talk so openly about pages at 3 am and how they cut them down, and it made me keen to
join Kestrel Logistics. I liked your rule that every alert must link to a runbook; I wrote
something similar for my team last year and would love to compare notes. Thanks as well
for the honest answers about release weeks.

Cheers,
Mateus""",
)
G_KESTREL_FOLLOW = Sample(
    "kestrel follow-up after the stated date",
    KESTREL,
    "follow_up",
    "Zhang Wei",
    """Subject: Backend Engineer role, following up

Dear Zhang Wei,

Thank you again for our conversation on the 20th. You mentioned a decision around the end
of the month, so I wanted to ask whether there is any news on the next step. Our talk
about routing warehouse orders in real time has stayed with me, and I remain very
interested in the role at Kestrel Logistics and in helping the team ship the new planner.

I am happy to provide anything else you need in the meantime.

Best regards,
Mateus Oliveira""",
)
G_KESTREL_WITHDRAW = Sample(
    "kestrel withdrawal",
    KESTREL,
    "withdrawal",
    "Zhang Wei",
    """Subject: Withdrawing my application

Dear Zhang Wei,

Thank you for your time and for the thoughtful interviews at Kestrel Logistics. I have
accepted another offer that fits my plans closely, so I would like to withdraw my
application for the Backend Engineer role. I enjoyed meeting the team and hope our paths
cross again; I will keep following your work on warehouse routing with interest, and I would happily
recommend the team to friends who are looking.

With best wishes,
Mateus Oliveira""",
)
G_BRIGHT_TY_JURGEN = Sample(
    "brightwater thank-you, formal, German name with umlaut",
    BRIGHTWATER,
    "thank_you",
    "Jürgen Müller",
    """Subject: Thank you for the interview on Friday

Dear Mr Müller,

Thank you for the interview on Friday and for your detailed explanation of how Brightwater
Bank approaches stress testing the mortgage book. Your point that the hardest part is
agreeing on the scenarios, not running them, matched my experience at my current employer,
where I coordinated the rate-shock scenarios for the annual review. I am very interested in
the Risk Analyst position and believe my background in scenario design would be a good fit.

Yours sincerely,
Priyanka Iyer""",
)
G_BRIGHT_TY_LAN = Sample(
    "brightwater thank-you to the recruiter, Vietnamese name",
    BRIGHTWATER,
    "thank_you",
    "Nguyễn Thị Lan",
    """Subject: Thank you for arranging Friday

Dear Lan,

Thank you for arranging my interviews at Brightwater Bank and for answering my questions
about the hybrid working policy so clearly. Knowing the team meets in the office on
Tuesdays and Thursdays makes it easy to plan, and it strengthened my interest in the role. The
building tour at the end was a thoughtful touch.
I appreciated how smoothly everything ran, from the first call to the final panel.

Please let me know if you need anything further from me.

Kind regards,
Priyanka Iyer""",
)
G_BRIGHT_OFFER = Sample(
    "brightwater offer acknowledgement",
    BRIGHTWATER,
    "offer_ack",
    "Jürgen Müller",
    """Subject: Re: Offer for the Risk Analyst position

Dear Mr Müller,

Thank you very much for the offer to join Brightwater Bank as a Risk Analyst. I am
delighted to receive it. I would like to read the written contract carefully and will
reply with my decision by Wednesday, as we agreed. If there is anything you need from me
before then, such as references or proof of my certification, I will send it promptly.
It was a pleasure to meet the whole team during the process.

With warm regards,
Priyanka Iyer""",
)
G_BRIGHT_REJ = Sample(
    "brightwater rejection reply, brief",
    BRIGHTWATER,
    "rejection_reply",
    "Nguyễn Thị Lan",
    """Subject: Re: Your application

Dear Lan,

Thank you for telling me personally and for your help throughout the process. Of course I
am disappointed, but I respect the decision and enjoyed meeting everyone at Brightwater
Bank. Would you be able to share which part of my interviews was least convincing? It
would help me prepare for the next one. I hope to apply again when a suitable role opens,
and I wish the team a calm and successful year.

Best wishes,
Priyanka Iyer""",
)
G_FJORD_TY_INGRID = Sample(
    "fjord thank-you, Norwegian name",
    FJORD,
    "thank_you",
    "Ingrid Halvorsen",
    """Subject: Thank you, and one more thought on the physics engine

Hi Ingrid,

Thank you for the long conversation about the physics engine rewrite at Fjord Games. I
realised afterwards that I undersold my work on fixed-step simulation: in my last project I
moved collision checks onto a fixed 120 Hz step and the jitter reports from players
disappeared. I would be thrilled to bring that to your rewrite and to learn from a team
that ships as carefully as yours. The studio tour was a lovely bonus, too.

Thanks again,
Kwame Mensah""",
)
G_FJORD_TY_JOSE = Sample(
    "fjord thank-you, Spanish name with accent",
    FJORD,
    "thank_you",
    "José Martínez",
    """Subject: Thanks for the playtesting demo

Hola José,

Thank you for showing me your automated playtesting bots. Watching one of them find a way
through a wall in under a minute was the highlight of my day, and it is exactly the kind
of tooling I like building. I would love to contribute to it at Fjord Games, starting with
the level-streaming checks we talked about. I have already sketched how a bot could
report the exact frame where a level failed to stream in.

See you soon, I hope,
Kwame""",
)
G_FJORD_CARD = Sample(
    "fjord card, handwritten",
    FJORD,
    "thank_you",
    "Ingrid Halvorsen",
    """Dear Ingrid,

Thank you for the time you gave me and for the peek at the physics engine rewrite. I am
excited about the chance to join Fjord Games.

Warmly,
Kwame Mensah""",
    channel="letter",
)
G_FJORD_LINKEDIN = Sample(
    "fjord keep in touch",
    FJORD,
    "keep_in_touch",
    "José Martínez",
    "Hola José, thank you for the playtesting demo at Fjord Games. May I connect and follow "
    "your bots as they grow?\nKwame Mensah",
    channel="linkedin",
)
G_SAFFRON_TY_ALEKS = Sample(
    "saffron thank-you, Russian name",
    SAFFRON,
    "thank_you",
    "Aleksandr Petrov",
    """Subject: Thank you for the conversation about the election map

Dear Aleksandr,

Thank you for meeting me yesterday. Hearing how the newsroom built the election results
map in three weeks was inspiring, and it confirmed how much I want to work at Saffron
Media. I have been thinking about your question on uncertainty: next time I would show the
margin of error directly on the map rather than in a footnote, which is what I did for a
regional results page last spring.

I look forward to the next step.

Best,
Léa Dubois""",
)
G_SAFFRON_TY_CHIDI = Sample(
    "saffron thank-you, Igbo name",
    SAFFRON,
    "thank_you",
    "Chidinma Okafor",
    """Subject: Thank you, Chidinma

Dear Chidinma,

Thank you for the practical exercise and for talking me through how your desk goes about
verifying sources under deadline. Your habit of calling a second source before any figure
goes live is one I share, and I would be glad to bring my own checklist for public
datasets to Saffron Media. I enjoyed the conversation a great deal and would be excited to
work alongside you. Thank you as well for the tips on the archive search tools.

Kind regards,
Léa Dubois""",
)
G_SAFFRON_FOLLOW = Sample(
    "saffron follow-up, casual",
    SAFFRON,
    "follow_up",
    "Aleksandr Petrov",
    """Subject: Data Journalist role

Hi Aleksandr,

I hope your week is going well. Thank you again for the conversation about the election
results map. You said the team hoped to decide by the 30th, so I thought I would check
whether a decision has been made. I am still keen on the role and on joining Saffron Media,
and happy to send more clips if that helps. I have just finished a piece on local
bus routes that uses the same mapping approach we discussed.

All the best,
Léa""",
)
G_SAFFRON_REJ = Sample(
    "saffron rejection reply",
    SAFFRON,
    "rejection_reply",
    "Chidinma Okafor",
    """Subject: Re: Data Journalist

Dear Chidinma,

Thank you for letting me know. I enjoyed every part of the process at Saffron Media,
especially the verification exercise with you. I accept the decision, and if you can spare
a moment, I would value one piece of advice on what would have made my exercise stronger.
I hope we cross paths again, perhaps on a future story or opening. Until then I will keep
reading the desk's work with admiration.

Warm regards,
Léa Dubois""",
)
G_QUILLON_TY_YUKI = Sample(
    "quillon thank-you, Japanese name",
    QUILLON,
    "thank_you",
    "Yuki Sato",
    """Subject: Thank you for the interview

Dear Yuki,

Thank you for the conversation about cutting the deploy time at Quillon Software. The
numbers you shared, forty minutes from merge to production, brought back my own work on a
similar pipeline, where caching the build layers and running tests in parallel brought the
time under ten minutes. I am very interested in the Site Reliability Engineer role and would
enjoy tackling that problem with your team. Thank you also for the candid view of the
on-call load.

Best regards,
Tomás Herrera""",
)
G_QUILLON_TY_MALGO = Sample(
    "quillon thank-you, Polish name with diacritics",
    QUILLON,
    "thank_you",
    "Małgorzata Kowalska",
    """Subject: Thank you for the talk on postmortems

Dear Małgorzata,

Thank you for the thoughtful discussion about postmortems without blame. The example of
the outage review where the whole team rewrote the checklist together was a great
illustration of a culture I would love to be part of. At my current job I introduced a
similar review template, and it turned our incident meetings from tense to genuinely
useful. I am excited about the possibility of joining Quillon Software.

Best wishes,
Tomás Herrera""",
)
G_QUILLON_CARD = Sample(
    "quillon card, very short",
    QUILLON,
    "thank_you",
    "Yuki Sato",
    """Dear Yuki,
Thank you for talking with me about cutting the deploy time. I would be glad to join
Quillon Software.
Tomás""",
    channel="letter",
)
G_QUILLON_OFFER = Sample(
    "quillon offer acknowledgement, casual",
    QUILLON,
    "offer_ack",
    "Yuki Sato",
    """Subject: Thank you for the offer

Hi Yuki,

Thank you so much for the offer; I am really happy to hear from Quillon Software. I have
received the contract and will read it over the weekend. I will get back to you with my
answer by Monday morning, as we discussed on the phone. In the meantime, please let me know
if you need any documents from me. It was a real pleasure to meet everyone, and I
appreciate how quickly the team moved.

Best,
Tomás Herrera""",
)
G_QUILLON_WITHDRAW = Sample(
    "quillon withdrawal, formal",
    QUILLON,
    "withdrawal",
    "Małgorzata Kowalska",
    """Subject: Withdrawing from the process

Dear Małgorzata,

Thank you for the time you and the team have given me. After a lot of thought I have
decided to stay in my current position for another year, so I would like to withdraw my
application to Quillon Software. I am grateful for the open conversations, especially about
postmortems, and would be glad to stay in touch. I wish you and the team a smooth
migration next quarter.

Kind regards,
Tomás Herrera""",
)
G_BRIGHT_FOLLOW = Sample(
    "brightwater follow-up, formal",
    BRIGHTWATER,
    "follow_up",
    "Jürgen Müller",
    """Subject: Risk Analyst position, following up

Dear Mr Müller,

I hope you are well. Thank you again for the interview and for your insights on stress
testing the mortgage book. As the date you mentioned for a decision has now passed, I would
be grateful to know whether there is news about the next stage. I remain very interested in
joining Brightwater Bank and would be happy to provide any further information, such as
the scenario report I mentioned.

Yours sincerely,
Priyanka Iyer""",
)
G_FJORD_REJ = Sample(
    "fjord rejection reply, casual",
    FJORD,
    "rejection_reply",
    "Ingrid Halvorsen",
    """Subject: Re: Gameplay Programmer

Hi Ingrid,

Thanks for letting me know, and for being so open with me through the interviews. I am
disappointed, of course, but I really enjoyed our talks about the physics engine and my
time with the team at Fjord Games. If you have a moment, what was the main gap you saw in
my technical round? I would love to hear about any future roles and wish you luck with the
launch.

Cheers,
Kwame""",
)
G_KESTREL_CARD = Sample(
    "kestrel card",
    KESTREL,
    "thank_you",
    "Fatima Al-Sayed",
    """Dear Fatima,

Thank you for sharing the on-call handbook with me. I would be excited to join the rota at
Kestrel Logistics.

Mateus""",
    channel="letter",
)
G_SAFFRON_LINKEDIN = Sample(
    "saffron keep in touch",
    SAFFRON,
    "keep_in_touch",
    "Aleksandr Petrov",
    "Dear Aleksandr, thank you for the conversations at Saffron Media. I would like to stay in "
    "touch and keep reading the newsroom's maps.\nLéa Dubois",
    channel="linkedin",
)
G_LUMEN_FOLLOW = Sample(
    "lumen follow-up",
    LUMEN,
    "follow_up",
    "Oluwaseun Adeyemi",
    """Subject: Product Designer role

Dear Oluwaseun,

Thank you again for our conversation about the patient intake dashboard. The two weeks
you mentioned have now passed, so I wanted to ask whether there is any news about the next
step. I am still very enthusiastic about the role and about helping Lumen Health make
intake faster for nurses, and I would be happy to share more of my work if that would
help. I have also finished the small case study on form errors that we talked about.

Best wishes,
Aiko Tanaka""",
)

G_PROMISED_TY = Sample(
    "thank-you that delivers a promise, Persian name",
    PROMISED,
    "thank_you",
    "Hamid Rezaei",
    """Subject: Thank you, and the showreel I promised

Dear Hamid,

Thank you for the conversation on Thursday about the foley library for the new series. As
promised, here is the showreel with the rain scene; the footsteps on wet gravel in the
second minute were recorded in my own courtyard with a single microphone. I would love to
help build that library at Tidewater Studios, and our talk about recording in real rooms
rather than booths made me even more interested in the Sound Designer role.

With thanks,
Amara Nwosu""",
)
G_QUILLON_LINKEDIN = Sample(
    "quillon keep in touch, one line",
    QUILLON,
    "keep_in_touch",
    "Yuki Sato",
    "Hi Yuki, thank you for the talks at Quillon Software. I would be glad to connect.\nTomás",
    channel="linkedin",
)

GOOD = [value for key, value in dict(globals()).items() if key.startswith("G_")]

# -- bad notes -----------------------------------------------------------------------------

BAD = [
    _edit(
        G_LUMEN_TY_SIO,
        "no interest: warm but never says they want the job",
        "and I would be glad to bring that experience to Lumen Health and to keep pushing for\n"
        "contrast and focus order from the first sketch.\n\nI really enjoyed our conversation, "
        "and I hope we get to work together.",
        "and Lumen Health clearly takes them seriously.",
        {"no_interest", "length"},
    ),
    _edit(
        G_LUMEN_TY_OLU,
        "generic greeting",
        "Dear Oluwaseun,",
        "Dear Hiring Manager,",
        {"generic_greeting"},
    ),
    _edit(
        G_LUMEN_TY_OLU,
        "greeting names the other panel member",
        "Dear Oluwaseun,",
        "Dear Siobhán,",
        {"generic_greeting"},
    ),
    _edit(
        G_LUMEN_TY_OLU,
        "not specific: nothing they discussed",
        "I keep thinking about the patient intake dashboard you showed me: the way nurses\n"
        "re-enter the same details on three screens is a problem I would love to help solve.",
        "I keep thinking about our conversation, and I would love to help your team.",
        {"not_specific"},
    ),
    _edit(
        G_LUMEN_TY_OLU,
        "wrong company: another one from the pipeline",
        "the Product Designer role at Lumen\nHealth.",
        "the Product Designer role at Brightwater Bank.",
        {"wrong_company"},
    ),
    _edit(
        G_KESTREL_TY_ZHANG,
        "placeholder left in",
        "Dear Zhang Wei,",
        "Dear [Name],",
        {"placeholder", "generic_greeting"},
    ),
    _edit(
        G_KESTREL_TY_ZHANG,
        "template variable left in",
        "at my current company",
        "at {{ current_company }}",
        {"placeholder"},
    ),
    _edit(
        G_KESTREL_TY_FATIMA,
        "pushy: any update, ASAP",
        "Cheers,",
        "Any update on this? I need to know ASAP!!!\n\nCheers,",
        {"pushy"},
    ),
    _edit(
        G_KESTREL_FOLLOW,
        "pushy: just checking in and desperate",
        "so I wanted to ask whether there is any news on the next step.",
        "so I am just checking in. I really need this job.",
        {"pushy"},
    ),
    _edit(
        G_KESTREL_TY_FATIMA,
        "shouting",
        "It is rare to hear",
        "IT WAS SO GREAT TO HEAR everything. It is rare to hear",
        {"pushy"},
    ),
    _edit(
        G_BRIGHT_TY_JURGEN,
        "gift offered",
        "Yours sincerely,",
        "I have sent a small hamper to the office as a token of thanks.\n\nYours sincerely,",
        {"gift"},
    ),
    _edit(
        _edit(
            G_BRIGHT_TY_JURGEN, "-", "Thank you for the interview on Friday\n", "Friday\n", set()
        ),
        "no thanks",
        "Thank you for the interview on Friday and for your detailed explanation of how "
        "Brightwater\nBank",
        "I am writing about the interview on Friday and your detailed explanation of how "
        "Brightwater\nBank",
        {"no_thanks"},
    ),
    _edit(
        G_BRIGHT_TY_LAN,
        "no signature",
        "Kind regards,\nPriyanka Iyer",
        "Kind regards",
        {"no_signature"},
    ),
    _edit(
        G_BRIGHT_TY_LAN,
        "no subject",
        "Subject: Thank you for arranging Friday\n",
        "",
        {"no_subject"},
    ),
    _edit(
        G_BRIGHT_TY_JURGEN,
        "misspelt name in the greeting",
        "Dear Mr Müller,",
        "Dear Mr Muler,",
        {"misspelled_name"},
    ),
    _edit(
        G_FJORD_TY_INGRID,
        "misspelt company",
        "the physics engine rewrite at Fjord Games.",
        "the physics engine rewrite at Fjords Gamez.",
        {"misspelled_name", "wrong_company"},
    ),
    _edit(
        G_FJORD_TY_JOSE,
        "misspelt colleague's name",
        "Watching one of them",
        "Ingrid Halvorson mentioned them too. Watching one of them",
        {"misspelled_name"},
    ),
    _edit(
        G_FJORD_REJ,
        "argues: a mistake",
        "I am\ndisappointed, of course, but",
        "I think\nthere must have been a mistake, because",
        {"argues_rejection"},
    ),
    _edit(
        G_SAFFRON_REJ,
        "argues: take another look",
        "I accept the decision, and",
        "Could you please take another look at my exercise? Also,",
        {"argues_rejection"},
    ),
    _edit(
        G_LUMEN_REJ,
        "argues: interview again",
        "I would be glad to hear about future openings",
        "please let me interview again, as I was nervous",
        {"argues_rejection"},
    ),
    _edit(
        G_BRIGHT_REJ,
        "argues: reconsider",
        "I respect the decision and",
        "I hope you will reconsider, since I",
        {"argues_rejection"},
    ),
    _edit(
        G_SAFFRON_TY_CHIDI,
        "follow-up too soon in the thank-you: any news",
        "I enjoyed the conversation a great deal",
        "Any news yet? I enjoyed the conversation a great deal",
        {"pushy"},
    ),
    _edit(
        G_QUILLON_TY_YUKI,
        "lorem ipsum left in",
        "Best regards,",
        "Lorem ipsum dolor sit amet.\n\nBest regards,",
        {"placeholder"},
    ),
    _edit(
        G_QUILLON_TY_MALGO,
        "gift: coffee on me",
        "I am excited about",
        "Next coffee is on me! I am excited about",
        {"gift"},
    ),
    _edit(
        G_QUILLON_LINKEDIN,
        "LinkedIn note over 300 characters",
        "I would be glad to connect.",
        "I would be glad to connect. " + "I also want to tell you about my projects. " * 8,
        {"length"},
    ),
    Sample(
        "short and generic throughout",
        LUMEN,
        "thank_you",
        "Oluwaseun Adeyemi",
        "Subject: Thanks\n\nHi team,\n\nThanks for the interview. Let me know.\n\nAiko",
        expect=frozenset(
            {"generic_greeting", "not_specific", "wrong_company", "length", "no_interest"}
        ),
    ),
    Sample(
        "no subject, no greeting, no name",
        KESTREL,
        "thank_you",
        "Fatima Al-Sayed",
        "Thank you for yesterday. I am interested in the job at Kestrel Logistics.",
        expect=frozenset(
            {"generic_greeting", "not_specific", "length", "no_signature", "no_subject"}
        ),
    ),
    Sample(
        "rejection reply that argues, in full",
        SAFFRON,
        "rejection_reply",
        "Aleksandr Petrov",
        """Subject: Re: Data Journalist

Dear Aleksandr,

Thank you for your message. I must say I find this unfair: I scored well in every round
and I believe you have made a mistake. I ask you to reconsider my application at Saffron
Media, or at least to explain in detail why somebody else was chosen, because I cannot see
how my portfolio fell short of what you described at the start of the process. Please give
me a second chance to show what I can do.

Léa Dubois""",
        expect=frozenset({"argues_rejection"}),
    ),
    Sample(
        "wrong company by its short name",
        FJORD,
        "thank_you",
        "José Martínez",
        """Subject: Thank you

Hola José,

Thank you for showing me your automated playtesting bots at Fjord Games. Watching one of
them find a way through a wall in under a minute was the highlight of my day, and I would
love to build tools like that with you. It reminded me of the test rigs I saw at Saffron
last month, though yours are far more ambitious, and I left even more interested in the
role.

See you soon, I hope,
Kwame""",
        expect=frozenset({"wrong_company"}),
    ),
    _edit(
        G_SAFFRON_TY_ALEKS,
        "too long",
        "I look forward to the next step.",
        "I look forward to the next step. " + "There is so much more I could say here. " * 16,
        {"length"},
    ),
    _edit(
        G_KESTREL_FOLLOW,
        "follow-up that never restates interest",
        "I remain very\ninterested in the role at Kestrel Logistics and in helping the team "
        "ship the new planner.",
        "Please reply when you can about the role at Kestrel Logistics.",
        {"no_interest"},
    ),
    _edit(
        G_PROMISED_TY,
        "promise neither delivered nor mentioned",
        "As\npromised, here is the showreel with the rain scene; the footsteps",
        "I keep thinking about the moment the whole room went quiet to listen. The\nfootsteps",
        {"promise_unmentioned"},
    ),
    _edit(
        G_QUILLON_TY_YUKI,
        "TODO note left in",
        "Dear Yuki,",
        "Dear Yuki,\n\nTODO: add the numbers from my last job.",
        {"placeholder"},
    ),
]
SAMPLES = GOOD + BAD
