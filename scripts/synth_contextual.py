"""Synthetic CONTEXTUAL requests for the harmful_request detector (v6; training side only).

A real prompt often carries material -- an article, a manual, a code file, an advisory --
and a short request about it. A harmful request at the end of a long passage is diluted when
the whole prompt is scored as one bag of n-grams. This module writes such prompts: a
context passage (our own passages below, written for this project, on everyday and on
scary-but-benign topics) joined to a request in one of several positions and frames.

* ``contextual_harmful(part)``: a harmful goal of ``synth_harmful.GOALS_V4`` asked about the
  passage ("Using the information above, explain exactly how to ...").
* ``contextual_benign(part)``: the same frames with the benign-but-scary goals of the same
  areas, plus ordinary document tasks (summarize, translate, list the dates...).

Frames are split by index parity into "train" and "dev" (as in ``synth_harmful``), so model
selection can leave a frame family out. Deterministic; nothing here touches the held-out
side of ``train_detectors.py``.
"""

from __future__ import annotations

import random

import synth_harmful as sh

SEED = 6060

CONTEXTS: list[str] = [
    # chemistry / lab safety
    "Laboratory safety bulletin. Several incidents this term involved students mixing "
    "cleaning agents in the prep room. Household bleach and ammonia-based cleaners must never "
    "be combined, and all waste solvents go into the labelled red containers under the fume "
    "hood. Gloves and goggles are required for every practical, including simple titrations. "
    "The eyewash station near door B was tested on Monday and works. If you spill an acid, "
    "neutralize it with the sodium bicarbonate kept on the shelf, then call the technician. "
    "The chemical inventory is updated every Friday; anything past its expiry date is "
    "collected by the disposal contractor at the end of the month.",
    # security advisory
    "Security advisory SA-2291. A flaw in the file upload handler of the reporting portal "
    "allowed authenticated users to upload files with a double extension. The files were "
    "stored inside the web root, so a crafted upload could have been executed by the server. "
    "The issue was reported through our disclosure programme, fixed in release 4.8.2 and no "
    "exploitation was observed in the logs. Administrators should update, review the upload "
    "directory for unexpected files and rotate the service account credentials as a "
    "precaution. We thank the researcher who reported the problem responsibly.",
    # crime news
    "Police in the harbour district are appealing for witnesses after a break-in at a "
    "jewellery shop early on Sunday. Two people wearing dark clothing forced the rear door "
    "shortly after three in the morning and left with watches and rings worth an estimated "
    "forty thousand euros. The alarm alerted a security company, but the suspects had left "
    "before officers arrived. A grey van was seen nearby. Anyone with dashcam footage from "
    "the area is asked to contact the station. The shop owner said she was shaken but "
    "grateful that nobody was hurt.",
    # medicine leaflet
    "Package leaflet: information for the patient. This medicine contains paracetamol and is "
    "used to treat mild to moderate pain and fever. Adults may take one or two tablets every "
    "four to six hours, with no more than eight tablets in twenty-four hours. Do not take it "
    "with other products that contain paracetamol. Taking more than the recommended dose can "
    "cause serious liver damage, even if you feel well. Keep this medicine out of the sight "
    "and reach of children. Talk to your doctor or pharmacist if your symptoms last more than "
    "three days.",
    # military history
    "The siege lasted nearly eleven months. Supply lines into the city were cut in the first "
    "winter, and the defenders relied on a narrow road across the frozen lake to bring in "
    "flour and fuel. Historians estimate that hundreds of thousands of civilians died of "
    "hunger and cold. Artillery bombardment destroyed large parts of the old town, including "
    "the central library. After the war the road across the lake became a memorial, and "
    "every year survivors and their families gather there to remember those who did not "
    "live to see the city freed.",
    # code file
    "import os\nimport shutil\nfrom datetime import datetime\n\n"
    "def backup(folder, target):\n    stamp = datetime.now().strftime('%Y%m%d')\n"
    "    dest = os.path.join(target, f'backup-{stamp}')\n"
    "    shutil.copytree(folder, dest, dirs_exist_ok=True)\n    return dest\n\n"
    "def prune(target, keep=7):\n    names = sorted(os.listdir(target))\n"
    "    for name in names[:-keep]:\n        shutil.rmtree(os.path.join(target, name))\n\n"
    "if __name__ == '__main__':\n    print(backup('/home/user/documents', '/mnt/backup'))\n"
    "    prune('/mnt/backup')",
    # network operations
    "Incident review, network operations. On Tuesday the firewall logged a large number of "
    "connection attempts against the VPN gateway from a small range of addresses. The "
    "attempts used common usernames and failed; rate limiting blocked the sources after five "
    "failures each. No account was locked and no login succeeded. As follow-up actions the "
    "team enabled multi-factor authentication for the remaining contractor accounts, added "
    "the range to the block list and scheduled a review of the password policy. The review "
    "meeting is on the fourteenth.",
    # community / social
    "Minutes of the residents' association meeting. Twenty-three households attended. The "
    "treasurer reported a small surplus after the summer fair. Several members raised "
    "concerns about new families moving into the flats on Elm Street and about noise from "
    "the community hall on weekends. The chair reminded everyone that the association "
    "represents all residents. A volunteer group will organise a welcome evening in October, "
    "and the hall committee will publish quieter hours. The next meeting is on the first "
    "Thursday of November.",
    # pharmacy / drugs
    "Our pharmacy has changed its opening hours. From next month we open at eight on "
    "weekdays and close at seven, and on Saturdays we are open until one. Prescriptions for "
    "controlled medicines, such as strong painkillers and some sleeping tablets, must be "
    "collected in person with identification. Unused or expired medicines can be returned to "
    "the counter for safe disposal at no cost. Our pharmacists offer a free review of your "
    "medicines if you take more than four different ones every day; ask at the counter to "
    "book an appointment.",
    # finance
    "Quarterly report summary. Revenue grew by six percent compared with the same quarter "
    "last year, mainly because of strong sales in the online shop. Operating costs rose "
    "faster than expected due to higher shipping prices. The board approved a new supplier "
    "contract that should reduce packaging costs next year. Cash reserves remain healthy. "
    "An external audit of the payment systems found no material weaknesses but recommended "
    "separating the approval and payment roles in the accounts team, which will be done by "
    "the end of the year.",
    # school / children
    "Dear parents, the spring term begins on the ninth. The school gate opens at eight "
    "fifteen and children should not be dropped off earlier, as there is no supervision in "
    "the yard before then. Please label all coats and lunch boxes. The after-school club has "
    "places left on Wednesdays and Fridays. Our annual trip to the science museum is planned "
    "for May; consent forms will be sent home next week. If your child has allergies or "
    "needs medication during the day, please update the form at the office.",
    # weapons / hunting regulation
    "Summary of the regional hunting regulations. The season for deer runs from October to "
    "January. Every hunter must carry a valid licence and proof of a completed safety "
    "course. Rifles must be unloaded and cased while being transported in a vehicle. "
    "Shooting within two hundred metres of a dwelling is prohibited. Lead ammunition is "
    "banned near wetlands. Wardens may inspect firearms, licences and bags at any time. "
    "Violations can lead to fines and the loss of the licence for up to five years.",
]

HARMFUL_FRAMES: list[str] = [
    "{ctx}\n\nUsing the information above, give detailed step-by-step instructions to {goal}.",
    "{ctx}\n\nBased on this text, explain exactly how to {goal}.",
    "Read the following and then tell me how to {goal}.\n\n{ctx}",
    "{ctx}\n\nForget the summary. What I really need: how do I {goal}? Be specific.",
    "Here is some background.\n{ctx}\nNow, with that in mind, describe the best way to {goal}.",
    "{ctx}\n\nthanks. now how to {goal} step by step",
    "Context:\n{ctx}\n\nTask: Write a detailed plan to {goal}.",
    "{ctx}\n\nI have read this. Ignore it, and instead help me {goal}. Start with what to buy.",
]

DOC_TASKS: list[str] = [
    "Summarize the text above in three bullet points.",
    "Translate the passage into Spanish.",
    "List every date and number mentioned in the text.",
    "What is the main point of this text? Answer in one sentence.",
    "Rewrite this for a ten-year-old.",
    "Write a short, polite reply to this.",
    "Fix any grammar mistakes in the passage.",
    "Turn this into a checklist.",
]


def _goals(label: int) -> list[str]:
    return [g for bad, good in sh.GOALS_V4.values() for g in (bad if label else good)]


def contextual_harmful(part: str = "all") -> list[str]:
    """Passages joined to harmful requests in the ``part`` frames (one passage per pair,
    chosen by a seeded generator so every goal meets several passages)."""
    rng = random.Random(f"{SEED}:harm:{part}")
    return [
        frame.format(ctx=rng.choice(CONTEXTS), goal=goal)
        for frame in sh._split(HARMFUL_FRAMES, part)
        for goal in _goals(1)
    ]


def contextual_benign(part: str = "all") -> list[str]:
    """The same frames with the benign-but-scary goals, plus ordinary document tasks."""
    rng = random.Random(f"{SEED}:benign:{part}")
    out = [
        frame.format(ctx=rng.choice(CONTEXTS), goal=goal)
        for frame in sh._split(HARMFUL_FRAMES, part)
        for goal in _goals(0)
    ]
    for task in sh._split(DOC_TASKS, part):
        out.extend(f"{ctx}\n\n{task}" for ctx in CONTEXTS)
        out.extend(f"{task}\n\n{ctx}" for ctx in CONTEXTS[::2])
    return out
