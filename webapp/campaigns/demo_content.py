"""Demo content: the organisation's issue areas, and clearly fictional cases to act on."""

from __future__ import annotations

# Every demo case's story opens with this sentence, so no one mistakes it for a real person.
FICTIONAL = "This is a fictional example case, invented to demonstrate the platform."
# The same, for students' stories (issue 16, item 5): in words a child reads alone.
MADE_UP = "This is a made-up story, to show how writing letters works."
# What every demo petition's signers read happens next (an organiser writes their own).
DEMO_NEXT_STEPS = (
    "At the end of the campaign our team hands the petition, with every confirmed "
    "signature, to the official it is addressed to and to their country's embassy, "
    "together with the letters supporters posted.\n\n"
    "We publish every response we get on the case page, and we keep going until the "
    "person is safe."
)

ISSUE_AREAS: list[dict] = [
    {
        "slug": "human-rights-defenders",
        "name": "Protecting Human Rights Defenders",
        "summary": (
            "People who speak up for everyone's rights, from clean water and health care to "
            "peaceful protest, are threatened, silenced and jailed for it. We stand beside "
            "them so they can carry on their work in safety, at home and abroad."
        ),
        "facts": [
            "Worldwide, at least 156 human rights defenders died in detention or were killed "
            "in 2015.",
            "At least 61 countries put people in prison simply for exercising their rights "
            "and freedoms.",
            "At least 113 countries restricted freedom of expression and the press in 2015.",
        ],
        "position": 1,
    },
    {
        "slug": "refugees",
        "name": "I WELCOME: Standing with Refugees & Asylum-Seekers",
        "summary": (
            "People fleeing danger are looking for what any of us would want in their place: "
            "safety, dignity and a fair hearing. We ask governments to meet them with "
            "compassion, open safe routes and protect the right to seek asylum."
        ),
        "facts": [
            "25.9 million - Total number of refugees worldwide.",
            "More than 50% - Percentage of refugees who are under the age of 18.",
            "18,000 - Number of refugees the U.S. may admit in 2020, as determined by "
            "President Trump.",
            "850,000 - Number of people who signed Amnesty International's petition to the "
            "U.N. demanding that countries do more to help refugees.",
        ],
        "position": 2,
    },
    {
        "slug": "death-penalty",
        "name": "Death Penalty Abolition",
        "summary": (
            "We oppose the death penalty in every case, whoever the accused and whatever the "
            "crime. It denies the right to life, it is cruel and irreversible, and we work "
            "with others to see it abolished everywhere."
        ),
        "facts": [
            "The death penalty is too flawed to fix.",
            "It is irreversible and mistakes happen. The risk of executing an innocent person "
            "can never be eliminated. Since 1973, for example, more than 160 prisoners sent "
            "to death row in the U.S. have later been exonerated or released from death row "
            "on grounds of innocence. Others have been executed despite serious doubts about "
            "their guilt.",
            "It does not stop crime. Countries that execute commonly cite the death penalty "
            "as a way to deter people from committing crime. This claim is false: there is "
            "no evidence that the death penalty uniquely deters crime or improves public "
            "safety.",
            "It is often used within unjust legal systems. In many cases recorded by Amnesty "
            "International, people were executed after being convicted in unfair trials, "
            "without legal representation. In some countries, death sentences are mandatory "
            "punishments for certain offenses, meaning that judges are not able to consider "
            "the particular circumstances. Two wrongs don't make a right. The death penalty "
            "is no way to impart justice.",
            "It is discriminatory. The death penalty is applied disproportionally against "
            "people of color and poor people, in a racially biased way.",
            "It is used as a political tool. The authorities in some countries, like Iran and "
            "Sudan, use the death penalty to punish political opponents.",
        ],
        "position": 3,
    },
    {
        "slug": "national-security",
        "name": "National Security & Human Rights",
        "summary": (
            "Everyone deserves protection from violence and terrorism, but security is no "
            "excuse for trampling people's rights. We challenge indefinite detention, "
            "discriminatory profiling and other abuses carried out in the name of safety."
        ),
        "facts": [
            "40 - Number of people detained at Guantanamo by the end of January 2019.",
            "13,000 - Number of people deported under the NSEERS program, without being "
            "convicted of any crimes, before it was dismantled.",
            "132 - Number of protests Amnesty International USA held in the weeks after "
            "President Trump issued his first Muslim Ban.",
        ],
        "position": 4,
    },
    {
        "slug": "police-accountability",
        "name": "Deadly Force & Police Accountability",
        "summary": (
            "Everyone has the right to life and to equal treatment by those who police their "
            "streets. We campaign for laws that strictly limit lethal force and for real "
            "accountability whenever officers take a life without justification."
        ),
        "facts": [
            "963 - Number of people killed by police in 2016, according to the Washington Post.",
            "5x - Increased likelihood that an unarmed black man will be shot, as compared to "
            "an unarmed white man.",
            "0 - Number of states in the U.S. with laws on the books that meet international "
            "standards for police use of lethal force.",
        ],
        "position": 5,
    },
    {
        "slug": "gun-violence",
        "name": "End Gun Violence",
        "summary": (
            "Gun violence is a human rights crisis that leaves families and whole "
            "neighbourhoods living in fear. We bring together research, lobbying, education "
            "and local activism so that everyone can feel safe where they live."
        ),
        "facts": [
            "Our research shows that four critical acts could make everyone safer. The "
            "first: pass laws to prevent guns from being in the hands of those likely to "
            "misuse them.",
            "The second critical act: fund gun violence research to inform evidence-based "
            "policy solutions.",
            "The third critical act: invest in violence-prevention programs led by impacted "
            "communities.",
            "The fourth critical act: provide support, including mental and physical health "
            "care, for survivors of gun violence.",
        ],
        "position": 6,
    },
    {
        "slug": "gender-identity",
        "name": "Gender, Sexuality & Identity",
        "summary": (
            "No one should face discrimination or violence because of their gender, their "
            "sexuality or whom they love. We hold governments to their duty to protect "
            "everyone equally, and act when they fail to."
        ),
        "facts": [
            "76 - Number of countries that criminalize sexual activity between adults of the "
            "same sex.",
            "338 - Number of restrictions on abortion that have been enacted in the U.S. since "
            "2010, according to the Guttmacher Institute.",
            "435 - Number of advocates trained by Amnesty International USA to protect sexual "
            "and reproductive rights.",
        ],
        "position": 7,
    },
    {
        "slug": "individuals-at-risk",
        "name": "Individuals at Risk",
        "summary": (
            "Some people are jailed or tortured simply for who they are or what they believe. "
            "We take up their cases one by one, because letters from ordinary people can "
            "bring hope, and often freedom, to someone in danger."
        ),
        "facts": [
            "47 - Number of countries that arrested people for peaceful expression on social "
            "media/online in 2019.",
            "142 - Number of cases that received positive impact in 2019 after Amnesty "
            "campaigned in their cases.",
            "335 - Number of U.S. classrooms that participated in the Write for Rights "
            "campaign in 2016.",
        ],
        "position": 8,
    },
]

DEMO_CASES: list[dict] = [
    {
        "slug": "leyla-ahmadi",
        "name": "Leyla Ahmadi",
        "country": "IR",
        "issue_area": "individuals-at-risk",
        "headline": "Student sentenced to six years in prison for a poem she posted online",
        "story": [
            f"{FICTIONAL} In our example, Leyla Ahmadi is a 23-year-old literature student in "
            "Shiraz who loves classical Persian poetry and has written her own verses since "
            "she was a child. Last spring she posted a short poem on social media imagining "
            "women walking freely and without fear through the streets of her city. It was "
            "shared a few hundred times, mostly by fellow students.",
            "Two weeks later, plain-clothes security agents arrested Leyla as she left a "
            "lecture. She was held in solitary confinement for a month, questioned for hours "
            "at a time and denied access to a lawyer. Her parents spent days going from one "
            "government office to another before anyone would confirm that she was in "
            "detention at all, or tell them where she was being held.",
            "After a hearing that lasted less than twenty minutes, a Revolutionary Court "
            "convicted her of spreading propaganda against the system and sentenced her to "
            "six years in prison. Leyla has asthma, and her family says she has been refused "
            "regular medical care. Her mother says what keeps Leyla going is knowing that "
            "people far away have read her poem and care what happens to her.",
        ],
        "student_stories": {
            "under-11": [
                f"{MADE_UP} Leyla is a young woman who loves poems. She has written poems "
                "since she was a little girl.",
                "One day she wrote a poem about women walking in her city without being "
                "afraid, and shared it on the internet. The people in charge of her country "
                "did not like it. They put Leyla in prison.",
                "Leyla misses her mum and dad very much. Her mum says that Leyla feels "
                "stronger when she knows that people far away care about her. We can write "
                "to ask for Leyla to go home, and send her a card to cheer her up.",
            ],
            "11-13": [
                f"{MADE_UP} Leyla Ahmadi is a 23-year-old student in Iran who loves poetry. "
                "She posted a short poem online imagining women walking freely and without "
                "fear through the streets of her city.",
                "Two weeks later she was arrested as she left a lecture. She was kept apart "
                "from everyone for a month and was not allowed a lawyer. After a trial that "
                "lasted less than twenty minutes, she was sentenced to six years in prison.",
                "Leyla has asthma and needs to see a doctor regularly. Her mother says that "
                "what keeps Leyla going is knowing that people far away have read her poem. "
                "Everyone has the right to say what they think, peacefully: we can ask for "
                "her to be freed.",
            ],
        },
        "ask": (
            "Release Leyla Ahmadi immediately and unconditionally, as she is imprisoned only "
            "for peaceful expression, and until then ensure she has regular access to her "
            "lawyer, her family and the medical care she needs."
        ),
        "featured": True,
        "solidarity_safe": True,
        "sender_address_allowed": False,
        "card_first_name_only": True,
        "card_address": [
            "c/o Write for Rights Card Service",
            "PO Box 1412",
            "London WC1X 0DW",
        ],
        "card_country": "GB",
        "safety_notes": (
            "Cards reach Leyla through her family. Do not write your address, and do not "
            "mention politics, the authorities or her trial: write about poetry, hope and "
            "friendship."
        ),
        "photo": "img/cases/leyla-ahmadi.svg",
        "photo_alt": "Illustrated portrait of Leyla, smiling, in a green headscarf",
        "targets": [
            {
                "name": "Dr. Hossein Karimi-Nejad",
                "title": "Head of the Judiciary",
                "salutation": "Dear Head of the Judiciary,",
                "address_lines": [
                    "No. 27, Nastaran Alley, Khayyam Street",
                    "Tehran 1143815611",
                ],
                "country": "IR",
                "language": "fa",
            }
        ],
        "petition": {
            "slug": "free-leyla-ahmadi",
            "title": "Free Leyla Ahmadi",
            "body": (
                "To the Head of the Judiciary: We, the undersigned, call on you to release "
                "Leyla Ahmadi immediately and unconditionally. She is a 23-year-old student "
                "who has been sentenced to six years in prison solely for a poem she shared "
                "online, which is peaceful expression protected by international human "
                "rights law. She was held in solitary confinement without a lawyer and "
                "convicted after a hearing of less than twenty minutes. Until she is "
                "released, please ensure that she can see her lawyer and her family "
                "regularly, and that she receives the medical care she needs for her asthma."
            ),
            "goal": 20000,
        },
    },
    {
        "slug": "tomas-herrera",
        # Torture, violence or the death penalty: for older students.
        "classroom_min_age": 11,
        "name": "Tomás Herrera",
        "country": "MX",
        "issue_area": "human-rights-defenders",
        "headline": "Land defender threatened and shot at for protecting his community's river",
        "story": [
            f"{FICTIONAL} In our example, Tomás Herrera is a 41-year-old farmer and father of "
            "three who chairs the water committee of his village in the hills of Oaxaca, in "
            "southern Mexico. For six years he has photographed and recorded how waste from "
            "a nearby gravel quarry is turning the river brown: the same river his community "
            "relies on for drinking water, washing and watering its crops.",
            "Last year Tomás filed a formal complaint with the environmental authorities, "
            "backed by the signatures of more than two hundred neighbours. Since then, men in "
            "an unmarked pickup truck have followed him home from meetings, and anonymous "
            "messages have warned him to stop making trouble. In September, shots were fired "
            "at his house late at night while his children were asleep inside.",
            "Tomás reported every threat to the state prosecutor's office, but no one has "
            "been questioned and he has not been offered any protection. He refuses to give "
            "up. 'The river is not mine, it belongs to my grandchildren too,' he says. "
            "Messages of support from abroad show him, and those who threaten him, that people "
            "all over the world are watching.",
        ],
        "student_stories": {
            "11-13": [
                f"{MADE_UP} Tomás Herrera is a farmer and a dad of three. He lives in a "
                "village in the hills of southern Mexico, beside a river that everyone there "
                "uses for drinking water, washing and watering their crops.",
                "Waste from a quarry nearby is turning the river brown. Tomás took photos "
                "for six years and made a complaint, signed by more than two hundred "
                "neighbours. Since then, strangers have followed him and sent him messages "
                "telling him to stop. One night, someone fired shots at his house.",
                "Tomás told the police about every threat, but nobody has been questioned "
                "and no one is protecting his family. 'The river belongs to my grandchildren "
                "too,' he says. Letters from around the world show that people are watching.",
            ],
        },
        "ask": (
            "Provide Tomás Herrera and his family with effective protection measures agreed "
            "with them, and investigate the threats and the shooting at his home promptly, "
            "thoroughly and impartially."
        ),
        "featured": True,
        "solidarity_safe": True,
        "sender_address_allowed": True,
        "card_address": [
            "c/o Red de Defensores de la Sierra",
            "Calle Morelos 48, Centro",
            "68000 Oaxaca de Juárez, Oax.",
        ],
        "card_country": "MX",
        "safety_notes": (
            "Cards are welcome. Please do not name the quarry or anyone you think may be "
            "behind the threats."
        ),
        "photo": "img/cases/tomas-herrera.svg",
        "photo_alt": "Illustrated portrait of Tomás in a straw hat, in front of green hills",
        "targets": [
            {
                "name": "Lic. Mariana Sosa Ibarra",
                "title": "Attorney General of the Republic",
                "salutation": "Dear Attorney General,",
                "address_lines": [
                    "Calle Río Nazas 147, Col. Cuauhtémoc",
                    "06500 Ciudad de México, CDMX",
                ],
                "country": "MX",
                "language": "es",
            }
        ],
        "petition": {
            "slug": "protect-tomas-herrera",
            "title": "Protect land defender Tomás Herrera",
            "body": (
                "To the Attorney General of the Republic: We, the undersigned, urge you to "
                "guarantee the safety of Tomás Herrera and his family. Tomás is a peaceful "
                "defender of his community's right to clean water, and since he filed a "
                "complaint about pollution of the local river he has been followed, "
                "threatened and shot at. Please provide protection measures agreed with him "
                "and his family, and open a prompt, thorough and impartial investigation into "
                "the threats and the attack on his home, so that those responsible are "
                "brought to justice."
            ),
            "goal": 10000,
        },
    },
    {
        "slug": "alina-vasilenko",
        "name": "Alina Vasilenko",
        "country": "BY",
        "issue_area": "individuals-at-risk",
        "headline": "Journalist jailed for four years for filming a peaceful protest",
        "story": [
            f"{FICTIONAL} In our example, Alina Vasilenko, 34, is an independent journalist "
            "from Hrodna who runs a small online news channel about everyday life in her "
            "region: local schools, hospitals, road repairs and the people behind them. One "
            "Sunday she filmed a peaceful march of a few hundred people calling for free and "
            "fair elections, and streamed it live to her viewers.",
            "Police arrested her that evening at her flat and confiscated her camera, laptop "
            "and phone. She was charged with organising and actively participating in "
            "actions that grossly violate public order, although her own footage shows her "
            "only filming from the pavement. After a closed trial, at which her lawyer was "
            "given only a few minutes to speak, a court sentenced her to four years in a "
            "penal colony.",
            "Alina's eight-year-old daughter now lives with her grandmother, who is allowed to "
            "visit only a few times a year. Letters are Alina's link to the outside world, "
            "and she has told her family that cards from strangers are what keep her going. "
            "Prison censors can withhold mail, so warm, personal messages about family, nature "
            "and ordinary life are the most likely to reach her.",
        ],
        "student_stories": {
            "under-11": [
                f"{MADE_UP} Alina is a journalist. Her job is to find out what is happening "
                "and tell everyone about it.",
                "One day, lots of people walked together through the streets to say what "
                "they thought, peacefully. Alina filmed them, so that everyone could see. "
                "The people in charge of her country did not like it, and they put Alina "
                "in prison.",
                "Alina has a daughter who is eight. She lives with her grandma now, and "
                "misses her mum very much. Telling people the news is not a crime. We can "
                "write to ask for Alina to go home to her family.",
            ],
            "11-13": [
                f"{MADE_UP} Alina Vasilenko is a journalist who reports on everyday life in "
                "her region. She filmed a peaceful march of people asking for fair elections "
                "and shared it live, so that people could see what was happening.",
                "The police arrested her. A court said she had taken part in breaking public "
                "order and sentenced her to four years in prison, even though she was there "
                "to report the news.",
                "Journalists help all of us know what is going on. Everyone has the right to "
                "share information and to gather peacefully. We can ask for Alina to be "
                "freed, and until then to be treated well and to receive her letters.",
            ],
        },
        "ask": (
            "Quash Alina Vasilenko's conviction and release her immediately and "
            "unconditionally, as she is imprisoned only for her peaceful work as a journalist."
        ),
        "featured": True,
        "solidarity_safe": True,
        "sender_address_allowed": True,
        "card_address": [
            "c/o Write for Rights Card Service",
            "Postfach 20 14 31",
            "10975 Berlin",
        ],
        "card_country": "DE",
        "safety_notes": (
            "Keep cards personal and warm; avoid political slogans and symbols, which prison "
            "censors may use as a reason to withhold mail."
        ),
        "photo": "img/cases/alina-vasilenko.svg",
        "photo_alt": "Illustrated portrait of Alina with short fair hair and a blue scarf",
        "targets": [
            {
                "name": "Mr. Pavel Lukyanchik",
                "title": "Prosecutor General",
                "salutation": "Dear Prosecutor General,",
                "address_lines": [
                    "Lipovaya Street 14",
                    "220035 Minsk",
                ],
                "country": "BY",
                "language": "ru",
            }
        ],
        "petition": {
            "slug": "free-alina-vasilenko",
            "title": "Free journalist Alina Vasilenko",
            "body": (
                "To the Prosecutor General: We, the undersigned, call on you to ensure that "
                "journalist Alina Vasilenko's conviction is quashed and that she is released "
                "immediately and unconditionally. She was sentenced to four years in a penal "
                "colony only for filming and reporting on a peaceful protest. Reporting the "
                "news is not a crime. Until she is free, please ensure that she can receive "
                "letters without restriction, see her lawyer, and have regular visits from "
                "her daughter and mother."
            ),
            "goal": 15000,
        },
    },
    {
        "slug": "samir-haddad",
        # Torture, violence or the death penalty: for older students.
        "classroom_min_age": 14,
        "name": "Samir Haddad",
        "country": "EG",
        "issue_area": "death-penalty",
        "headline": "Sentenced to death on a confession he says was extracted under torture",
        "story": [
            f"{FICTIONAL} In our example, Samir Haddad was 19 years old and working long "
            "hours in his uncle's bakery in Alexandria when police arrested him at home, two "
            "days after a violent clash in his neighbourhood in which a man was killed. His "
            "family and several neighbours say he was at work in the bakery throughout the "
            "evening of the clash.",
            "For three weeks Samir's family did not know where he was. He later told his "
            "lawyer that during that time he was blindfolded, beaten and threatened until he "
            "signed a confession he was not allowed to read. He was then tried together with "
            "39 other defendants in a single mass trial, and sentenced to death on the basis "
            "of that confession.",
            "The court refused to hear his allegations of torture or to call the witnesses "
            "who could confirm he was at work. His final appeal is now pending, and it is "
            "the last legal chance to stop his execution. His mother visits him every month "
            "and, together with his lawyer, has never stopped asking for one thing: a fair "
            "trial for her son.",
        ],
        "ask": (
            "Halt any plans to execute Samir Haddad and quash his death sentence, grant him a "
            "fair retrial that excludes any statement obtained under torture, and "
            "investigate his allegations of torture."
        ),
        "featured": True,
        "solidarity_safe": False,
        "sender_address_allowed": False,
        "safety_notes": (
            "Do not send cards to Samir: mail to him could put him at risk. Write to the "
            "authorities only."
        ),
        "photo": "img/cases/samir-haddad.svg",
        "photo_alt": "Illustrated portrait of Samir, a young man with curly dark hair",
        "targets": [
            {
                "name": "Counsellor Youssef El-Mansoury",
                "title": "Public Prosecutor",
                "salutation": "Dear Public Prosecutor,",
                "address_lines": [
                    "12 Dar El-Adl Street, Abdeen",
                    "Cairo 11511",
                ],
                "country": "EG",
                "language": "ar",
            }
        ],
        "petition": {
            "slug": "stop-the-execution-of-samir-haddad",
            "title": "Stop the execution of Samir Haddad",
            "body": (
                "To the Public Prosecutor: We, the undersigned, urge you to halt any plans to "
                "execute Samir Haddad and to quash his death sentence. Samir was 19 when he "
                "was arrested. He was convicted in a mass trial of 40 people on the basis of "
                "a confession he says was obtained through beatings and threats, and the "
                "court refused to hear the witnesses who say he was at work at the time. "
                "Please order a fair retrial that excludes any statement obtained under "
                "torture, and an independent investigation into his allegations."
            ),
            "goal": 25000,
        },
    },
    {
        "slug": "rina-santos",
        # Torture, violence or the death penalty: for older students.
        "classroom_min_age": 11,
        "name": "Rina Santos",
        "country": "PH",
        "issue_area": "gender-identity",
        "headline": "Trans activist beaten outside her youth centre, and police refuse to act",
        "story": [
            f"{FICTIONAL} In our example, Rina Santos is a 29-year-old trans woman who runs "
            "a small community centre for LGBTI young people in Quezon City. The centre "
            "offers a safe place to study after school, free legal advice, peer counselling "
            "and a hot meal every evening. Many of the young people who come there have been "
            "rejected by their families or bullied at school.",
            "One night in June, a group of men attacked Rina as she was locking the centre's "
            "door, shouting insults about her gender identity and beating her until she lost "
            "consciousness. She spent five days in hospital with a broken wrist and head "
            "injuries. The men also smashed the centre's windows and sprayed threats across "
            "its walls, warning that they would come back for the young people inside.",
            "When Rina went to the police station to report the attack, officers laughed at "
            "her, called her by a name she no longer uses and refused to take her statement. "
            "No investigation has been opened. The centre has reopened, but fewer young "
            "people come now because they are afraid. 'We only want to be safe where we "
            "live,' Rina says.",
        ],
        "student_stories": {
            "11-13": [
                f"{MADE_UP} Rina Santos lives in the Philippines. She runs a youth centre "
                "where young people can meet, do their homework and feel welcome, whoever "
                "they are.",
                "Rina is a trans woman. One evening, she was attacked outside the centre by "
                "people who do not like who she is. She was hurt. When she went to the "
                "police to report it, the officers would not listen to her.",
                "Everyone has the right to be treated equally and to be protected by the "
                "police. Rina has not given up, and she keeps the centre open. We can ask "
                "for the attack to be investigated and for Rina and the centre to be safe.",
            ],
        },
        "ask": (
            "Investigate the attack on Rina Santos promptly and thoroughly as a hate crime, "
            "hold to account the officers who refused her complaint, and protect the centre "
            "and the young people who use it."
        ),
        "featured": False,
        "solidarity_safe": True,
        "sender_address_allowed": True,
        "card_address": [
            "Bahaghari Center",
            "21 Mabini Street, Barangay San Roque",
            "Quezon City 1109",
        ],
        "card_country": "PH",
        "safety_notes": "Please use the name Rina and she/her pronouns in your card.",
        "photo": "img/cases/rina-santos.svg",
        "photo_alt": "Illustrated portrait of Rina, smiling, with long black hair and a yellow top",
        "targets": [
            {
                "name": "Police General Ramon Dizon",
                "title": "Chief, Philippine National Police",
                "salutation": "Dear Police General,",
                "address_lines": [
                    "Camp Mabini, 88 Kalayaan Avenue",
                    "Diliman, Quezon City 1109 Metro Manila",
                ],
                "country": "PH",
                "language": "en",
            },
            {
                "name": "Hon. Teresa Villanueva",
                "title": "Chair, Commission on Human Rights",
                "salutation": "Dear Chairperson,",
                "address_lines": [
                    "42 Magsaysay Avenue, Diliman",
                    "Quezon City 1101 Metro Manila",
                ],
                "country": "PH",
                "language": "en",
            },
        ],
        "petition": {
            "slug": "justice-for-rina-santos",
            "title": "Justice for Rina Santos",
            "body": (
                "To the Chief of the Philippine National Police: We, the undersigned, ask you "
                "to ensure that the attack on trans activist Rina Santos is investigated "
                "promptly, thoroughly and impartially as a hate crime. Rina was beaten "
                "unconscious outside the community centre she runs for LGBTI young people, "
                "and when she tried to report it, officers mocked her and refused to take "
                "her statement. Please make sure those officers are held to account, and "
                "that Rina and the young people of her centre are protected from further "
                "violence."
            ),
            "goal": 8000,
        },
    },
    {
        "slug": "yusuf-abdi",
        "name": "Yusuf Abdi",
        "country": "ID",
        "issue_area": "refugees",
        "headline": "Refugee held in immigration detention for seven years without charge",
        "story": [
            f"{FICTIONAL} In our example, Yusuf Abdi fled his home country at the age of 16, "
            "after armed men killed his father and tried to force him to join their group. "
            "After a long and dangerous journey he reached Indonesia, where the UN refugee "
            "agency recognised him as a refugee. He expected to wait a few months for "
            "resettlement to a third country.",
            "Instead Yusuf, now 24, has spent seven years in an immigration detention centre, "
            "without charge and with no date for his release. The centre is overcrowded, with "
            "up to twelve men sharing each room, little daylight and limited health care. "
            "Yusuf has developed depression, and several of the men held with him have needed "
            "urgent mental health care. Visits are rare and phone calls are restricted.",
            "Despite everything, Yusuf teaches English to the younger detainees every morning "
            "and keeps a notebook of the new words he is learning in Indonesian from a "
            "volunteer teacher. He dreams of studying nursing so that he can care for others. "
            "'I have been waiting for my life to start for seven years,' he says. 'I only "
            "want the chance to live it.'",
        ],
        "student_stories": {
            "under-11": [
                f"{MADE_UP} Yusuf had to leave his home country because he was not safe "
                "there. People who do this are called refugees.",
                "He travelled a long way to find somewhere safe. But instead of a new home, "
                "he was taken to a detention centre, a place he is not allowed to leave. He "
                "has been there for seven years: he cannot go to school, work or visit "
                "friends.",
                "Every morning Yusuf teaches English to the younger people in the centre, "
                "and he dreams of becoming a nurse. We can write to ask for Yusuf to live in "
                "a real home, and send him a card.",
            ],
            "11-13": [
                f"{MADE_UP} Yusuf Abdi is a refugee: he fled his country because he was in "
                "danger there. He reached another country to ask for safety.",
                "Instead, he has been held in an immigration detention centre for seven "
                "years, although he has never been charged with a crime. Being locked up for "
                "so long, with no idea when it will end, has made him ill.",
                "Refugees should be held for as short a time as possible, never for years. "
                "We can ask for Yusuf to live in the community while a new home is found for "
                "him, and to get the health care he needs.",
            ],
        },
        "ask": (
            "End the indefinite detention of Yusuf Abdi and other refugees, let them live in "
            "the community while their resettlement is arranged, and ensure they receive "
            "adequate health care, including mental health care."
        ),
        "featured": False,
        "solidarity_safe": True,
        "sender_address_allowed": True,
        "card_address": [
            "c/o Sahabat Papua Legal Aid",
            "Jl. Ahmad Yani No. 17",
            "Jayapura 99111",
        ],
        "card_country": "ID",
        "safety_notes": (
            "Write simple, warm messages; plain English is easiest for Yusuf to read. Do not "
            "enclose money or gifts."
        ),
        "photo": "img/cases/yusuf-abdi.svg",
        "photo_alt": "Illustrated portrait of Yusuf, smiling, with short dark hair and a red shirt",
        "targets": [
            {
                "name": "Mr. Agus Prasetyo",
                "title": "Minister of Immigration and Corrections",
                "salutation": "Dear Minister,",
                "address_lines": [
                    "Jalan Melati Raya No. 19, Kuningan",
                    "Jakarta Selatan 12950",
                ],
                "country": "ID",
                "language": "id",
            }
        ],
        "petition": {
            "slug": "free-yusuf-abdi-from-detention",
            "title": "End Yusuf Abdi's seven years in detention",
            "body": (
                "To the Minister of Immigration and Corrections: We, the undersigned, ask you "
                "to end the indefinite immigration detention of Yusuf Abdi, a recognised "
                "refugee who has been held for seven years without charge while waiting for "
                "resettlement. Detention has seriously harmed his mental health. Please "
                "release him, and other refugees in the same situation, into the community "
                "while their resettlement is arranged, and ensure that they have access to "
                "adequate health care, including mental health care, in the meantime."
            ),
            "goal": 5000,
        },
    },
]
