"""Security work that only sounds like an attack: a benign frame beside ``harmful_request``.

The ``harmful_request`` model learned cyber vocabulary as evidence of an attack: "phishing",
"ransomware", "exploit", "keylogger" pull a request's score up whoever asks. Defenders,
administrators, students, developers and people protecting their own accounts use the same
words every day ("write a Sigma rule for Kerberoasting", "we were hit by ransomware, what
do we do first?", "is this email phishing?", "should I start with Security+ or the OSCP?"),
and the model flagged one in six of a blind set of such requests.

This frame caps the model's score at :data:`~saferail.detectors.benign_frames.
BENIGN_FRAME_SCORE` when a text of at most :data:`MAX_WORDS` words has

- security vocabulary (:data:`SECURITY_TOPIC`), and
- a defender's purpose (:data:`DEFENDER_PURPOSE`: detection and hardening, incident
  response and its announcements, one's own accounts and devices, secure code, careers and
  certifications, policy, compliance and awareness training, courses, labs and CTFs,
  history and news),

and none of the things that make a request an attack whatever its excuse:

- a system that is not the requester's or a hidden purpose
  (:data:`saferail.detectors.hazard_cyber.CYBER_TARGET`: "my ex's Instagram", "a company I
  don't work for", "without them noticing", "so Defender doesn't catch it");
- a deliverable weapon (:data:`WEAPON_BUILD`: "write me a working keylogger", "build a
  phishing page for the bank");
- evasion (:data:`EVASION`: bypass, evade, undetectable, disable the EDR, clear the logs);
- someone else's accounts or devices, spreading, selling, hacking back
  (:data:`OTHERS_SYSTEMS`);
- what an attacker says of the target and of the deed (:data:`ATTACK_CONTEXT`: "a rival's",
  "no contract", "the servers I compromised", "take the site down", "change my grade",
  "convincing", "impersonating");
- another hazard area (:data:`OTHER_HAZARD`: weapons, poisons, drugs, killing, children,
  violence);
- a jailbreak's props (:data:`JAILBREAK_PROPS`: "no restrictions", "developer mode", "in
  character", "never refuses", "no disclaimers").

The explicit-method rule of :mod:`saferail.detectors.hazard` (which holds the cyber-attack
rule) wins over the frame, as over every benign frame. Matched on the joined lowercased
words of each view. Written for this project on a development set
(``scripts/data/security_requests.jsonl``, see its README), in English.
"""

from __future__ import annotations

__all__ = [
    "ATTACK_CONTEXT",
    "DEFENDER_PURPOSE",
    "EVASION",
    "JAILBREAK_PROPS",
    "MAX_WORDS",
    "OTHERS_SYSTEMS",
    "OTHER_HAZARD",
    "SECURITY_TOPIC",
    "WEAPON_BUILD",
    "security_work",
]

from collections.abc import Sequence
from typing import Any

from saferail.detectors.hazard_cyber import CYBER_TARGET, CYBER_VOCABULARY, DEFENDER
from saferail.detectors.signatures import compile_large

MAX_WORDS = 160

# fmt: off
SECURITY_TOPIC = (
    "(?:" + CYBER_VOCABULARY + ")|(?:^| )(?:security|secure|cyber[^ ]*|infosec|breach[^ ]*"
    "|incident[^ ]*|vulnerab[^ ]*|cves?|attack[^ ]*|attacker[^ ]*|hacker[^ ]*|scam[^ ]*"
    "|passwords?|2fa|mfa|two factor|pentest[^ ]*|penetration test[^ ]*|red team[^ ]*"
    "|threat[^ ]*|computer virus[^ ]*|antivirus|spyware|stalkerware|injection|csrf|soc|siem"
    "|edr|firewall[^ ]*"
    "|nmap|wireshark|burp|metasploit|owasp|zero days?|compromis[^ ]*|lsass|kerberos|ntlm"
    "|active directory|domain controllers?|sigma|yara|snort|suricata|malicious|suspicious"
    "|encrypt[^ ]*|decrypt[^ ]*|sessions?|logins?|mitre|att ck|ttps?|iocs?|apt[0-9]*|botnets"
    "|worms|trojans|rootkits|keyloggers|backdoors|exploits|wannacry|notpetya|stuxnet|mirai"
    "|ransomware gangs?|data leaks?|leaked|scammers?|fraudsters?)(?: |$)"
)
DEFENDER_PURPOSE = (
    "(?:" + DEFENDER + ")|(?:^| )(?:detect[^ ]*|alerts?|alerting|log (?:query|queries|source)"
    "|hunt(?:ing)? (?:for|query|queries)|threat hunt[^ ]*|ioc[s]?|indicators of compromise"
    "|(?:harden|hardening|lock down|locking down|secure|securing|patch|patching|update"
    "|updating|protect|protecting|safeguard|back up|backup) (?:my|our|the|a|an|this|these"
    "|their|your|against|it|them|us|me|myself|ourselves|all)"
    "|prevent[^ ]*|defen[cs]e[^ ]*|defensive|blue team[^ ]*|remediat[^ ]*|contain(?:ment)?"
    "|triage|forensic[^ ]*|post ?mortem|lessons learned|root cause|tabletop"
    "|(?:we|i|our [^ ]+|my [^ ]+) (?:had|have had|got|just got|suffered|experienced"
    "|discovered|found|noticed|think we|think i|may have|might have) (?:a |an |hit by |some )?"
    "(?:security |data |ransomware |phishing |malware )?(?:incident|breach|attack|infection"
    "|compromise|ransomware|malware|hacked|breached|phished|compromised|intrusion)"
    "|(?:is|was|are) (?:this|it|that|these) (?:[^ ]+ ){0,20}(?:a |an )?(?:phishing|scam"
    "|legit|legitimate|real|fake|safe|malware|malicious|spam|virus)"
    "|how (?:can|do|would|could|should) (?:i|we) (?:tell|know|check|verify|find out|see)"
    " (?:if|whether|that)|(?:am|was) i (?:hacked|phished|scammed|being tracked)"
    "|(?:has|have|was|were|got|been) my (?:[^ ]+ ){0,2}(?:been )?(?:hacked|compromised"
    "|breached|leaked|phished)|someone (?:has )?(?:logged|got|gotten|broke|is logging)"
    " (?:in|into) my|(?:change|reset|update) my (?:[^ ]+ )?passwords?|password manager"
    "|(?:my|our) (?:own )?(?:account|accounts|phone|laptop|computer|router|wifi|wi fi"
    "|network|site|website|server|servers|app|application|code|api|shop|store|business"
    "|office|company|staff|employees|users|customers|parents|kids|family|mom|dad|mother"
    "|father|grandma|grandpa|grandmother|grandfather)"
    "|(?:fix|review|audit|secure|check|refactor) (?:this|my|our|the) (?:[^ ]+ )?(?:code"
    "|function|query|endpoint|form|snippet|app|api|handler|login|script|config)"
    "|parameteri[sz]ed|prepared statements?|sanitiz[^ ]*|escap(?:e|ing) (?:user )?input"
    "|input validation|bcrypt|argon2|scrypt|csp|content security policy|least privilege"
    "|(?:get|getting|break|breaking|move|moving|transition[^ ]*|career[^ ]*) (?:in|into|to)"
    " (?:cyber ?security|security|infosec|pentesting|penetration testing|a soc|the field)"
    "|career[^ ]*|certification[^ ]*|certs?|security plus|oscp|cissp|ceh|comptia|gsec"
    "|interview[^ ]*|job|jobs|resume|bootcamp|degree"
    "|polic(?:y|ies)|awareness|training (?:for|program|course|module|session|deck|slides)"
    "|iso 27001|iso 27002|soc 2|nist|cis (?:controls|benchmarks?)|gdpr|hipaa|pci|risk"
    " (?:register|assessment|analysis)|threat model[^ ]*|compliance|audit[^ ]*|vendor"
    "|board|executives?|customers about|notify|notification|disclos[^ ]*"
    "|(?:draft|write|prepare|compose) (?:an? |the |our )?(?:[^ ]+ ){0,2}(?:email|announcement"
    "|notice|memo|statement|letter|update|summary|report|post ?mortem|slide|slides|deck"
    "|newsletter|faq|runbook|playbook|checklist)"
    "|course|class|homework|assignment|lecture|exam|thesis|studying|study|textbook|professor"
    "|hackthebox|hack the box|tryhackme|try hack me|picoctf|overthewire|vulnhub|dvwa"
    "|juice shop|metasploitable|(?:my|our) (?:own )?(?:home )?(?:lab|labs|homelab|vm|vms"
    "|sandbox|test (?:network|server|box|machine))|in scope|within (?:the )?scope"
    "|(?:signed|written) (?:engagement|authori[sz]ation|permission|contract|scope)"
    "|conceptual(?:ly)?|at a high level|high level|in simple terms|in plain english"
    "|famous|notorious|history|historical|what happened|stuxnet|wannacry|notpetya"
    "|solarwinds|equifax|mirai|morris worm|log4shell|heartbleed|colonial pipeline)(?: |$)"
)
WEAPON_BUILD = (
    "(?:^| )(?:write|build|create|generate|develop|code|coding|make|give me|provide|craft"
    "|produce|program|design|send me|share|get me|need|want|set up|setup|host|deploy|launch"
    "|install|plant|drop|sneak|put"
    "|draft|compose|put together|whip up|cook up"
    "|run|spin up)(?P<gap>(?: [^ ]+){0,3}) (?:ransomware|keylogger|key logger|stealer"
    "|infostealer|malware|virus|worm|trojan|rat|rootkit|botnet|backdoor|payloads?|exploits?"
    "|crypter|loader|dropper|phishing (?:page|pages|site|sites|kit|kits|email|emails"
    "|campaign)|fake login|credential harvester|shellcode|reverse shell|webshell|implant"
    "|spyware|stalkerware|ddos (?:script|tool|bot)|booter|stresser|card skimmer|skimmer|c2"
    "|command and control|infection)(?: |$)"
)
EVASION = (
    "(?:^| )(?:bypass[^ ]*|evad[^ ]*|evasion|undetect[^ ]*|fud|avoid (?:detection|being"
    " (?:detected|caught|traced|noticed)|getting caught|the logs?)|(?:disable|kill|blind"
    "|turn off|tamper with|unhook|silence) (?:the |their |its |any )?(?:edr|antivirus|av"
    "|defender|logging|logs|alerts|sysmon|amsi|etw|siem|monitoring|agent|firewall|firewalls)|(?:clear|wipe"
    "|delete|erase|scrub) (?:the |their |all |any )?(?:logs?|event logs?|traces|evidence"
    "|history)|cover (?:my|our) tracks|stay hidden|stay undetected|hide (?:it|this|my|the"
    " (?:process|traffic|payload|malware)) from|untraceable|anonymously|without a trace"
    "|without being (?:on|in|authori[sz]ed|allowed|given|granted|invited|a member)"
    "|after hours|clon(?:e|es|ing) (?:[^ ]+ ){0,4}(?:badges?|cards?|key ?fobs?|fobs|sim|sims"
    "|login page|sign in page|login portal|site|website)|(?:save|saves|saving|log|logs"
    "|logging|capture|captures|capturing|store|stores|storing|send|sends|sending|collect"
    "|collects|collecting|harvest[^ ]*|record|records|recording|forward|forwards|email"
    "|emails) (?:the |all |any |their )?(?:entered |typed |submitted |stolen )?(?:credentials"
    "|passwords|logins|card numbers|card details|keystrokes|cookies|session tokens))"
    "(?: |$)"
)
OTHERS_SYSTEMS = (
    "(?:^| )(?:(?:his|her|their|them|him|ex|exes|girlfriends?|boyfriends?|wife|wifes|husbands?"
    "|partners?|spouses?|coworkers?|co workers?|colleagues?|boss|bosses|neighbou?rs?"
    "|classmates?|roommates?|teachers?|sisters?|brothers?|friends?|someone|somebody|crush"
    "|stepdad|stepmom)(?: s)? (?:(?:new|old|work|personal|school|private"
    "|main|secret|second|other|online|social|media|email|google|apple|android|iphone"
    "|cell|mobile|home|office|company) ){0,2}(?:accounts?|phones?|laptops?|computers?"
    "|passwords?|emails?|inbox|messages|texts|dms|chats|instagram|facebook|snapchat|tiktok"
    "|whatsapp|icloud|gmail|location|camera|webcam|router|wifi|wi fi|network|servers?"
    "|site|website|database)|spread[^ ]*|propagat[^ ]*|self replicat[^ ]*|infect (?:other"
    "|others|every|all|more|as many)|sell[^ ]*|buy[^ ]*|market (?:it|them)|profit|monetiz[^ ]*"
    "|ransom|extort[^ ]*|hack (?:them )?back|hacking back|retaliat[^ ]*|take (?:them|it|their"
    " [^ ]+) down|revenge|secretly|covert(?:ly)?|spy on|monitor (?:his|her|their|my"
    " (?:wife|husband|girlfriend|boyfriend|partner|ex))|track (?:his|her|their|my (?:wife"
    "|husband|girlfriend|boyfriend|partner|ex))|get (?:back )?(?:in|into) (?:his|her|their"
    "|my ex s)|mass|bulk|thousands of|everyone s|random people|real (?:customers|users"
    "|people|employees|victims))(?: |$)"
)
# what an attacker says of the target and of what they did or will do there
ATTACK_CONTEXT = (
    "(?:^| )(?:competitor[^ ]*|rival[^ ]*|undercut[^ ]*|strangers|(?:i m|im|i am|we re"
    "|we are) targeting|targets are|target is (?:the|a|an|my)|(?:not|isn t|s not) (?:the"
    " )?(?:owner|my employer|our client|in scope)|no (?:contract|permission|authori[sz]ation"
    "|consent)|not my employer|(?:he|she|they) s not the owner|affiliate panel|encryptor"
    "|decryptor|booter|stresser|lookalike domain|look alike domain|typosquat[^ ]*"
    "|remote access tool|(?:get|got|break|broke|hack|hacked|log|logged) (?:in|into)"
    " (?:a|an|the|someone|somebody|this|that|his|her|their|another|other|people s|[^ ]+ s)"
    " (?:[^ ]+ ){0,4}(?:accounts?|admin panel|panel|inbox|mailbox|phone|laptop|instagram"
    "|facebook|snapchat|tiktok|twitch|discord|server|servers|network|database|system|portal"
    "|site|website|router|wifi|camera)|break (?:in|into) (?:it|them|their|his|her|that)"
    "|take (?:[^ ]+ ){0,3}(?:down|offline)|take over (?:its|their|his|her|the|a|an)"
    "|turn (?:the|their|its) (?:bots|botnet|traffic)|fake (?:[^ ]+ ){0,3}(?:page|pages|site"
    "|sites|portal|login|logins|domain|app)|(?:collect|collecting|collects|harvest[^ ]*"
    "|text|texts|send|sends|email|emails|forward|forwards|dm|dms)(?: me| us)? (?:[^ ]+ ){0,3}"
    "(?:credentials|passwords?|logins|security answers|codes|otps?|2fa codes)"
    "|clon(?:e|es|ing) (?:[^ ]+ ){0,6}(?:login|logins|banking|portal|page)|(?:don t|doesn t"
    "|won t|not) (?:warn|alert|notify) (?:anyone|them|the user|users)|make it look like"
    "|(?:doesn t|don t|won t|not|without) (?:get|getting) (?:flagged|caught|detected|noticed)"
    "|without (?:[^ ]+ ){0,3}(?:noticing|knowing|seeing|finding out|realizing|realising"
    "|catching on)|(?:once )?(?:i m|im|i am|we re) in (?:as|their|the|his|her)|company i m in"
    "|(?:copy|copying|sneak|sneaking|pull|pulling|get|getting) (?:[^ ]+ ){0,3}out of (?:this"
    "|the|their|his|her)|(?:copy|copying) (?:the |their )?(?:database|data|files|records) out"
    "|(?:servers|machines|boxes|hosts|networks|systems|accounts|mailbox|inbox) (?:i|we) (?:ve"
    " )?(?:broke into|hacked|compromised|popped|phished|own|control)|(?:i|we) (?:ve )?(?:phished"
    "|hacked|compromised|breached|popped|pwned) (?:a|an|the|their|his|her|some|[^ ]+ s)"
    "|timestomp[^ ]*|tamper[^ ]*|hide (?:my|our) |dump (?:their|his|her)|change (?:my|the"
    "|their|his|her) (?:[^ ]+ ){0,2}(?:grades?|transcript|marks|score|scores)|grading system"
    "|gradebook|auto ?grader|registrar|hack (?:it|them|the|their|his|her|into)"
    "|(?:kill|stop|disable) (?:the |their |its |any )?(?:[^ ]+ )?(?:forwarders?|sensors?"
    "|agents?|collectors?)|leaked (?:[^ ]+ ){0,2}(?:memo|memos|email|emails|documents?)"
    "|deliberately released|was planned|fake news|conspirac[^ ]*|propaganda"
    "|misinformation|disinformation|inject malicious|(?:money|funds|payments?|payroll"
    "|salary|salaries|deposits?) (?:[^ ]+ ){0,4}(?:to|into) my|goes down|go down"
    "|impersonat[^ ]*|spoofed|convincing|believable|realistic phishing|real thing"
    "|would (?:click|fall for it|enter)|actual (?:customers?|victims?|people|users)"
    "|darknet|dark web|hidden (?:keylogger|camera|cameras"
    "|tracker|trackers|app|apps|spyware|software|program)|pick (?:the |a |his |her |their )?"
    "(?:lock|locks|deadbolt)|lockpick[^ ]*|deadbolts?|burglar[^ ]*|alarm systems?|crowds?"
    "|stadium|drones?|without a key)(?: |$)"
)
OTHER_HAZARD = (
    "(?:^| )(?:bombs?|explosives?|detonat[^ ]*|guns?|firearms?|rifles?|ammo|ammunition"
    "|weapons?|poison[^ ]*|nerve agents?|sarin|ricin|anthrax|toxins?|pathogens?|bioweapons?"
    "|chemical weapons?|meth|methamphetamine|fentanyl|cocaine|heroin|drugs?|handguns?"
    "|pistols?|tatp|transmissib[^ ]*|gain of function|synthesi[sz][^ ]*|controlled substances?"
    "|violent|violence|revolutions?|overthrow[^ ]*|snort[^ ]*|oxycodone|opioids?|pills"
    "|(?:the )?most harm|attacker would|synagogues?|churches|church|mosques?|worshippers"
    "|(?:kill|killing|kills) (?:him|her|them|someone|somebody|people|myself|yourself|a person"
    "|my [^ ]+|his [^ ]+|her [^ ]+)"
    "|murder[^ ]*|suicid[^ ]*|self harm|overdos[^ ]*|child|children|minors?|underage|nudes?"
    "|sexual[^ ]*|kidnap[^ ]*|stab[^ ]*|shoot[^ ]*|torture[^ ]*|terror[^ ]*|threaten[^ ]*"
    "|blackmail[^ ]*|sextort[^ ]*|extort[^ ]*|harass[^ ]*|hate speech|demeaning|racis[^ ]*"
    "|slurs?|stereotyp[^ ]*|immigrants?|ethnic[^ ]*|fraudulent|counterfeit[^ ]*"
    "|scam (?:email|emails|letter|letters|message|messages|script|scripts|page|site|call)s?"
    "|system prompts?|translat[^ ]*|steal[^ ]*|stole|stolen|mimic[^ ]*|shellcode|shellscript"
    "|nop|nops|return addr[^ ]*|select from|(?:upload|uploads|uploading|exfiltrat[^ ]*)"
    " (?:[^ ]+ ){0,3}to my (?:server|c2|bucket|drive|site|discord|telegram)"
    "|(?:details|specifics|internals|blueprints?) of (?:[^ ]+ ){0,2}[^ ]+ s"
    "|(?:disable|disabling|cut|cutting|jam|jamming|loop|looping) (?:the |their |a |an )?"
    "(?:security )?(?:cameras?|alarms?|cctv|locks?|sensors?)|hurt[^ ]*|civilians|glorif[^ ]*"
    "|prais[^ ]*|break (?:in|into) (?:[^ ]+ ){0,3}(?:house|home|car|apartment|flat|store"
    "|shop|building)|fake (?:job|offers?|invoices?|websites?|sites?|stores?|shops?|profiles?"
    "|accounts?|ids?|documents?|reviews?|charity|login|bank|support|tech support)"
    "|(?:get|gets|getting|trick|tricks|tricking|convince|convinces|convincing|persuade"
    "|persuades|persuading|fool|fools|fooling|lure|lures|luring) (?:[^ ]+ ){0,3}(?:to )?"
    "(?:send|give|enter|share|hand over|type|reveal|wire|pay|click|download|install))(?: |$)"
)
# a jailbreak's props: the model's rules dropped, a role that never refuses, no warnings
JAILBREAK_PROPS = (
    "(?:^| )(?:jailbr[^ ]*|without (?:any )?(?:safety|restrictions|filters|limits|guardrails"
    "|rules|warnings|disclaimers|judgement|judgment|moralizing|lectures?)|no (?:restrictions"
    "|filters|limits|guardrails|rules|warnings|disclaimers|lectures?|moralizing)|unrestricted"
    "|unfiltered|uncensored|developer mode|dan mode|disclaimers?|guidelines|restrictions"
    "|policy layer|moderation|content policy|roleplay|role play|in character|pretend[^ ]*"
    "|never (?:says|refuses|adds|refuse|say|warns)|full compliance|comply fully"
    "|(?:ignore|forget|drop|bypass) (?:your|all|the|any) (?:[^ ]+ ){0,2}(?:rules|guidelines"
    "|policies|policy|training|instructions|safety))(?: |$)"
)
# fmt: on

_TOPIC: Any = compile_large(SECURITY_TOPIC)
_PURPOSE: Any = compile_large(DEFENDER_PURPOSE)
_RULED_OUT: Any = compile_large(
    "|".join(
        f"(?:{p})"
        for p in (
            CYBER_TARGET,
            EVASION,
            OTHERS_SYSTEMS,
            ATTACK_CONTEXT,
            OTHER_HAZARD,
            JAILBREAK_PROPS,
        )
    )
)
_BUILD: Any = compile_large(WEAPON_BUILD)
# words between the verb and the weapon that make it something about the weapon, not the
# weapon ("write a YARA rule for ransomware", "build detection against a botnet")
_NOT_THE_WEAPON = frozenset(
    "for against about on of to from into with that which detect detecting detection detects "
    "rule rules query queries signature signatures alert alerts policy report summary email "
    "memo post presentation slide slides deck lesson lab defense defences defenses "
    "protection playbook runbook analysis writeup write up timeline diagram".split()
)
_MAX_TRIES = 32


def _builds_weapon(subject: str) -> bool:
    pos = 0
    for _ in range(_MAX_TRIES):  # a rejected match may hide a later one that overlaps it
        m = _BUILD.search(subject, pos)
        if m is None:
            return False
        if not _NOT_THE_WEAPON.intersection(m.group("gap").split()):
            return True
        pos = m.start() + 1
    return True  # too many candidates to tell: not a frame


def security_work(words: Sequence[str]) -> bool:
    """Whether the lowercased ``words`` of a text are a security request with a defender's
    purpose and nothing that makes it an attack (see the module docstring)."""
    if not 3 <= len(words) <= MAX_WORDS:
        return False
    subject = " ".join(words)
    return (
        _TOPIC.search(subject) is not None
        and _PURPOSE.search(subject) is not None
        and _RULED_OUT.search(subject) is None
        and not _builds_weapon(subject)
    )
