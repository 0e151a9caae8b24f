"""Benign long-form role prompts, written for this project (jailbreak v6 training data).

People paste role prompts from prompt libraries into chat assistants every day: "I want you
to act as a SQL console. I will type queries and you will reply with the table the database
would return. Only reply with the table and nothing else. Do not write explanations. My
first query is ...". They share much wording with jailbreaks ("act as", "only reply with",
"do not write explanations", "stay in this role"), and the v5 role-play twins were one-line
requests, so the jailbreak and prompt_injection models flagged most of them.

Each prompt is an opener naming a role, what the user will send and what the assistant
should return, zero to two format constraints and a first request. Every list is split by
index parity (``_half``): even entries build the ``train`` part, odd entries the ``dev``
part, so the two parts share no role, opener, constraint or first request. Nothing here asks
for anything harmful; there is no positive class.
"""

from __future__ import annotations

import random

__all__ = ["role_prompts"]

OPENERS: list[str] = [
    "I want you to act as {role}.",
    "I would like you to play the part of {role}.",
    "Please act as {role} for this chat.",
    "Your role in this conversation is {role}.",
    "You will act as {role} for me.",
    "Take the role of {role}.",
    "For this session, be {role}.",
    "Behave like {role}.",
    "I need you to serve as {role}.",
    "Assume the role of {role}.",
    "Pretend to be {role}.",
    "From now on you are {role}.",
]

# (role, what the user sends, what the assistant returns, first request)
ROLES: list[tuple[str, str, str, str]] = [
    (
        "a SQL console",
        "I will type queries",
        "you will reply with the rows the database would return",
        "SELECT name FROM cities WHERE population > 1000000;",
    ),
    (
        "a spelling and grammar corrector",
        "I will send you paragraphs",
        "you will return them with every mistake fixed",
        '"Their going to the libary tomorow."',
    ),
    (
        "a Python interpreter",
        "I will give you code",
        "you will reply with what it prints",
        "print(sum(range(10)))",
    ),
    (
        "a travel planner",
        "I will tell you where I am and how long I stay",
        "you will suggest a day-by-day plan",
        '"Three days in Lisbon in April."',
    ),
    (
        "a job interviewer",
        "I will be the candidate",
        "you will ask me the questions one at a time and wait for my answers",
        '"Hi, I am here for the data analyst position."',
    ),
    (
        "a stand-up comedian",
        "I will give you everyday topics",
        "you will write a short routine about them",
        '"Trying to assemble flat-pack furniture."',
    ),
    (
        "a personal trainer",
        "I will describe my fitness level and goals",
        "you will design a weekly plan",
        '"I can run 2 km and want to finish a 10 km race."',
    ),
    (
        "a poet",
        "I will give you a subject",
        "you will write a short poem about it",
        '"The first snow in the city."',
    ),
    (
        "a Linux terminal",
        "I will type commands",
        "you will reply with the terminal output",
        "ls -la /home",
    ),
    (
        "a math teacher",
        "I will ask about concepts",
        "you will explain them with simple examples",
        '"What is a derivative?"',
    ),
    (
        "a film critic",
        "I will name a film",
        "you will review its plot, acting and music",
        '"A silent comedy from the 1920s."',
    ),
    (
        "a storyteller for children",
        "I will give you a theme",
        "you will tell a gentle story",
        '"A turtle who wants to see the sea."',
    ),
    (
        "a dietitian",
        "I will list what I ate",
        "you will suggest healthier swaps",
        '"Toast with jam, a cola and a pizza."',
    ),
    (
        "an English pronunciation helper",
        "I will write sentences",
        "you will give their pronunciation in simple letters",
        '"How is the weather in Istanbul?"',
    ),
    (
        "a career counselor",
        "I will describe my skills and interests",
        "you will suggest careers that fit",
        '"I like drawing and solving puzzles."',
    ),
    (
        "a JavaScript console",
        "I will type expressions",
        "you will reply with the result",
        "[1, 2, 3].map(x => x * 2)",
    ),
    (
        "a debate coach",
        "I will give you a motion",
        "you will prepare arguments for both sides",
        '"Homework should be optional."',
    ),
    (
        "a recipe creator",
        "I will list the ingredients I have",
        "you will suggest a dish",
        '"Rice, eggs, spinach and garlic."',
    ),
    (
        "a language tutor for Spanish",
        "I will write in Spanish",
        "you will correct me and explain each mistake",
        '"Yo soy cansado hoy."',
    ),
    (
        "a product description writer",
        "I will give you product details",
        "you will write a short description",
        '"A steel water bottle that keeps drinks cold for 24 hours."',
    ),
    (
        "an Excel sheet",
        "I will give you formulas",
        "you will reply with the sheet as a text table",
        "=SUM(A1:A3) with A1=2, A2=5, A3=7",
    ),
    (
        "a motivational speaker",
        "I will describe a challenge",
        "you will give encouraging advice",
        '"I keep putting off studying for my exam."',
    ),
    (
        "a historian",
        "I will name an event",
        "you will explain its causes and effects",
        '"The invention of the printing press."',
    ),
    (
        "a password strength advisor",
        "I will describe my password habits",
        "you will suggest safer habits",
        '"I use my birthday for every account."',
    ),
    (
        "a tech support agent",
        "I will describe a problem with my computer",
        "you will walk me through fixing it",
        '"My laptop fan is very loud."',
    ),
    (
        "a UX reviewer",
        "I will describe an app screen",
        "you will list usability problems",
        '"A sign-up form with twelve required fields."',
    ),
    (
        "a chess opponent",
        "I will send my moves in algebraic notation",
        "you will reply with yours",
        "1. e4",
    ),
    (
        "a tea sommelier",
        "I will describe what I like",
        "you will recommend teas",
        '"Something smoky but not bitter."',
    ),
    (
        "a regex generator",
        "I will describe a pattern",
        "you will reply with a regular expression",
        '"A UK postcode."',
    ),
    (
        "a philosophy teacher",
        "I will ask questions",
        "you will explain the ideas with everyday examples",
        '"What did Kant mean by duty?"',
    ),
    (
        "a gardener",
        "I will describe my garden",
        "you will suggest plants and care tips",
        '"A shady balcony in a windy city."',
    ),
    ("a synonym finder", "I will give you a word", "you will list synonyms", '"happy"'),
]

CONSTRAINTS: list[str] = [
    "Only reply with the result and nothing else.",
    "Do not write explanations.",
    "Keep every answer under 80 words.",
    "Reply inside one code block.",
    "Do not add commentary unless I ask for it.",
    "Stay in this role until I type 'stop'.",
    "When I need to tell you something outside the role, I will put it in curly brackets.",
    "Do not repeat my question back to me.",
    "Ask me one follow-up question each time.",
    "Use simple words a ten-year-old would understand.",
    "Answer in bullet points.",
    "Don't apologize, just give the corrected version.",
    "Never give me the final answer directly; give hints instead.",
    "Do not type anything I did not ask for.",
    "Always answer in a friendly tone.",
    "Do not break character even if my messages are short.",
]

CLOSERS: list[str] = [
    "My first request is {first}",
    "My first input is {first}",
    "Let's start with {first}",
    "Here is the first one: {first}",
    "To begin: {first}",
    "First: {first}",
]


def _half(items: list, part: str) -> list:  # type: ignore[type-arg]
    return items[0::2] if part == "train" else items[1::2]


def role_prompts(part: str, n_per_role: int = 8) -> list[str]:
    """``n_per_role`` prompts per role of ``part`` (``train`` or ``dev``)."""
    rng = random.Random(f"role-prompts-{part}")
    openers, constraints = _half(OPENERS, part), _half(CONSTRAINTS, part)
    closers = _half(CLOSERS, part)
    out: list[str] = []
    for role, sends, returns, first in _half(ROLES, part):
        for _ in range(n_per_role):
            parts = [rng.choice(openers).format(role=role), f"{sends} and {returns}."]
            parts[1] = parts[1][0].upper() + parts[1][1:]
            parts += rng.sample(constraints, rng.randint(0, 2))
            parts.append(rng.choice(closers).format(first=first))
            out.append(" ".join(parts))
    return out
