"""The lesson plan: a 45 to 60 minute letter-writing lesson, before, during and after,
with the platform's steps in order and wording and activities for each age band
(issue 16, item 8). Write for Rights in schools runs on educator guides; this is ours.

Plain data of lazy texts, so the page, its tests and its translations read one list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from webapp.models import AgeBand
from webapp.web.i18n import LazyText
from webapp.web.i18n import lazy_gettext as _l

# The lesson's length, in minutes, that every band's timings must add up to.
LESSON_MINUTES = (45, 60)


@dataclass(frozen=True)
class Step:
    """One step of the plan: what the teacher does, for all ages or per band."""

    title: LazyText
    text: LazyText | dict[AgeBand, LazyText]
    # Minutes in the lesson, per band (steps before and after the lesson have none).
    minutes: dict[AgeBand, int] = field(default_factory=dict)
    # The platform's page this step uses, named for the template (see lesson_plan.html).
    link: str | None = None

    def text_for(self, band: AgeBand) -> LazyText:
        return self.text[band] if isinstance(self.text, dict) else self.text


@dataclass(frozen=True)
class Phase:
    key: str  # before, during, after
    title: LazyText
    steps: list[Step]


U, M, S = AgeBand.UNDER_11, AgeBand.FROM_11, AgeBand.FROM_14

PHASES = [
    Phase(
        "before",
        _l("Before the lesson"),
        [
            Step(
                _l("Open a classroom"),
                _l(
                    "Open a classroom for this class and give the students' age: it decides "
                    "the cases offered and the texts and stories the students read. You get "
                    "the class code that students join with."
                ),
                link="new",
            ),
            Step(
                _l("Choose the cases"),
                {
                    U: _l(
                        "Choose one case for the whole class. Read its story for under 11s "
                        "yourself first: it is short and leaves out frightening details. "
                        "Decide whether the class writes to the authorities, sends a card to "
                        "the person, or both."
                    ),
                    M: _l(
                        "Choose two or three cases, so that students can pick the person "
                        "whose story speaks to them. Read the stories for 11 to 13 year olds "
                        "yourself first."
                    ),
                    S: _l(
                        "Read the cases offered to your class. Some deal with torture or the "
                        "death penalty: decide which to use, and tell the class beforehand "
                        "what they will read about."
                    ),
                },
            ),
            Step(
                _l("Print or project the join sheet"),
                _l(
                    "Your classroom's page has a join sheet with the code and a QR code: "
                    "print one per table, or show it on the board. Check that the tablets "
                    "or computers can open the site."
                ),
                link="classrooms",
            ),
        ],
    ),
    Phase(
        "during",
        _l("During the lesson"),
        [
            Step(
                _l("Introduce human rights"),
                {
                    U: _l(
                        "Ask: what does everyone need to be safe and happy? Write the "
                        "answers on the board: a home, family, school, being free to say "
                        "what you think. Explain that these are rights, for every person in "
                        "the world."
                    ),
                    M: _l(
                        "Explain that the Universal Declaration of Human Rights (1948) lists "
                        "the rights of every person. Pick three rights, such as free speech, "
                        "a fair trial and safety, and ask for examples from daily life."
                    ),
                    S: _l(
                        "Present the Universal Declaration of Human Rights and discuss why "
                        "governments signed it. Explain how letters from strangers work: "
                        "officials see that the world is watching, and people in prison know "
                        "they are not forgotten."
                    ),
                },
                minutes={U: 10, M: 10, S: 10},
            ),
            Step(
                _l("Introduce the case"),
                {
                    U: _l(
                        "Show the person's picture and read their story aloud. Ask: how "
                        "would you feel? What would you like to say to them?"
                    ),
                    M: _l(
                        "Students read the story in pairs and find which right was not "
                        "respected, and what we are asking for."
                    ),
                    S: _l(
                        "In small groups, students read the case and the letter's key "
                        "points: who holds the power to change things, and what exactly do "
                        "we ask of them?"
                    ),
                },
                minutes={U: 10, M: 10, S: 10},
            ),
            Step(
                _l("Join with the code"),
                {
                    U: _l(
                        "Join together, one step at a time: open the address on the join "
                        "sheet or scan the QR code, type the code, then a first name only. "
                        "Younger pupils can share a tablet in pairs."
                    ),
                    M: _l(
                        "Students scan the QR code or type the address and the code, then "
                        "their first name or a nickname: never a surname, email or address."
                    ),
                    S: _l(
                        "Students join with the code and a first name or nickname. Remind "
                        "them that no surname, email or address is ever needed."
                    ),
                },
                minutes={U: 5, M: 5, S: 5},
            ),
            Step(
                _l("Write"),
                {
                    U: _l(
                        "Students start from the short text or the sentence starters and add "
                        "one or two sentences of their own: who they are, and what they wish "
                        "for the person. A card to the person is a good first letter."
                    ),
                    M: _l(
                        "Students start from the suggested text and add at least one "
                        "sentence of their own: who they are, where they live and why the "
                        "case matters to them. Then they press Send to my teacher."
                    ),
                    S: _l(
                        "Students write their own letter from the key points: polite, "
                        "factual and persuasive. Discuss what makes an official read on. "
                        "Then they press Send to my teacher."
                    ),
                },
                minutes={U: 15, M: 20, S: 20},
            ),
            Step(
                _l("Review the letters"),
                {
                    U: _l(
                        "On your classroom's page, read each letter and approve it, or "
                        "return it with a kind comment. Read a few lines aloud, with the "
                        "writers' permission."
                    ),
                    M: _l(
                        "On your classroom's page, approve each letter or return it with a "
                        "comment; returned letters come back to the student to change."
                    ),
                    S: _l(
                        "Students swap and check each other's letters for tone and facts. "
                        "On your classroom's page, approve each letter or return it with a "
                        "comment."
                    ),
                },
                minutes={U: 10, M: 10, S: 10},
                link="classrooms",
            ),
            Step(
                _l("Close the lesson"),
                {
                    U: _l(
                        "Ask each pupil to say one word they would like the person to hear. "
                        "Tell them the letters will travel by post."
                    ),
                    M: _l(
                        "Ask what the class learned, and explain what happens next: the "
                        "letters are printed, signed and posted."
                    ),
                    S: _l(
                        "Discuss what else the class can do: sign a petition, tell others, "
                        "hold a letter-writing event at school."
                    ),
                },
                minutes={U: 5, M: 5, S: 5},
            ),
        ],
    ),
    Phase(
        "after",
        _l("After the lesson"),
        [
            Step(
                _l("Print"),
                _l(
                    "On your classroom's page, make the PDF of the approved letters and "
                    "print it on A4 or Letter paper. The cover sheet says which letters go "
                    "in which envelope."
                ),
                link="classrooms",
            ),
            Step(
                _l("Sign"),
                {
                    U: _l(
                        "Pupils sign their letter with their first name. They can decorate "
                        "their card with a drawing, but not near the address."
                    ),
                    M: _l("Students sign their letter by hand, with their first name."),
                    S: _l("Students sign their letter by hand, with their first name."),
                },
            ),
            Step(
                _l("Post"),
                _l(
                    "Put the letters in window envelopes as the cover sheet says, with the "
                    "postage it gives, and post them."
                ),
            ),
            Step(
                _l("Mark them as posted"),
                _l(
                    "On your classroom's page, press I posted the printed letters: your "
                    "class's letters then count towards each case. Report there, too, any "
                    "letters written by hand."
                ),
                link="classrooms",
            ),
            Step(
                _l("Share the good news"),
                {
                    U: _l(
                        "When a case has good news, its page says so: tell the class that "
                        "their letters helped."
                    ),
                    M: _l(
                        "When a case has good news, its page says so: share it with the "
                        "class, so they see that letters matter."
                    ),
                    S: _l(
                        "Follow the case on its page and share any good news with the "
                        "class: letters from people like them help free people every year."
                    ),
                },
                link="cases",
            ),
        ],
    ),
]


def lesson_minutes(band: AgeBand) -> int:
    """The lesson's length for this band: the sum of its timed steps."""
    return sum(step.minutes.get(band, 0) for phase in PHASES for step in phase.steps)
