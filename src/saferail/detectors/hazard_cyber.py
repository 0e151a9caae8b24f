"""Cyber-attack requests for the hazard rule of ``harmful_request``, by what makes them attacks.

The hazard rule's phrases (:mod:`saferail.detectors.hazard`, :mod:`saferail.detectors.
hazard_tech`) bind a request word to a named harmful act. Cyber-attack requests name too
many acts for that ("a reflection attack using exposed CLDAP servers", "Kerberoast service
accounts", "sneak a PHP webshell past their filter"), and the same acts are everyday work
for defenders, students and administrators. What separates "write a SYN flood to take out a
small ISP's router" from "how does a SYN flood work?" is not the act but its **target**: a
system that is not the requester's. This rule asks for three things in one text:

- a request (how do I, write, give me, build, is there a way to, I need ...);
- cyber vocabulary (exploit, shell, payload, malware, SQL injection, credentials, DDoS,
  offline, dump the database, domain admin ...);
- an unauthorized target or a hidden purpose: victims, "a server that isn't mine", "a bank
  I have no contract with", "my coworker's laptop", "my school's exam portal", "a
  competitor's shop", "machines I've infected", "without them noticing", "so Defender
  doesn't catch it", "my RAT", "my phishing kit";

and none of the defender's words: detection and SIEM rules, protecting or patching one's
own systems, "we were breached", authorized tests, one's own lab or a CTF, awareness
training, history and news, "how do attackers ...". Matched on the folded word string.
Written for this project on a development set (``scripts/data/cyber_requests.jsonl``).
"""

from __future__ import annotations

__all__ = ["CYBER_REQUEST", "CYBER_TARGET", "CYBER_VOCABULARY", "DEFENDER", "cyber_attack_request"]

from typing import Any

from saferail.detectors.signatures import compile_large

# fmt: off
CYBER_REQUEST = (
    "(?:^| )(?:how (?:do|can|could|would|should|might) (?:i|we|you|one|someone)|how to"
    "|write|give me|give|make|build|create|generate|develop|code|script|design|help me"
    "|show me|teach me|explain (?:exactly |step by step )?how|tell me how|what s the|whats the"
    "|what is the|is there a way|can you|could you|can u|i need|i want|i d like|plan|lay out"
    "|step by step|set me up|find me|whip|produce|craft|engineer|author|suggest|walk me"
    "|which steps|what steps|what would it take|what should i|modify|rewrite|obfuscate"
    "|hide|disguise|persist|clone|launch|run|use|get me|describe how|detailed"
    " instructions|instructions for)(?: |$)"
)
CYBER_VOCABULARY = (
    "(?:^| )(?:exploit[^ ]*|reverse shell|webshell|shells? on|pop shells|get root|root access"
    "|domain admin|payloads?|malware|ransomware|rat|trojan|stealer|infostealer|keylogger"
    "|rootkit|botnet|implant|backdoor|worm|beacon|c2|loader|dropper|sql ?injection|sqli"
    "|sqlmap|xss|ssrf|xxe|path traversal|brute ?forc[^ ]*|password spraying|ddos[^ ]*"
    "|flood[^ ]*|amplification attack|reflection attack|booter|stresser|slowloris|offline"
    "|deface[^ ]*|dump (?:all|the|their|its)|exfiltrat[^ ]*|scrape|scraping|harvest[^ ]*"
    "|skimmer|shimmer|jackpotting|kerberoast[^ ]*|mimikatz|golden ticket|pass the hash"
    "|lateral movement|move (?:from|laterally)|privilege escalation|persist[^ ]*|antivirus"
    "|edr|defender|amsi|hack[^ ]*|break into|get into|get in|take over|takeover|hijack[^ ]*"
    "|remote(?:ly)? access|log in as|sniff[^ ]*|intercept[^ ]*|spoof[^ ]*|crack[^ ]*"
    "|bypass[^ ]*|get around|phish[^ ]*|fake (?:login|page|site)|login page|clone of"
    "|cve [0-9]+ [0-9]+|zero day|0day|unpatched|captive portal|scada|plcs?|hmi|modbus"
    "|(?:get|gets|getting|find out|figure out|see|read|access|grab[^ ]*|pull[^ ]*|steal[^ ]*"
    "|reset|captur[^ ]*|download[^ ]*)"
    " (?:[^ ]+ ){0,3}(?:passwords?|logins?|credentials|messages|texts|emails?|accounts?|files"
    "|feed|camera|card data|cookies|tokens|source code|repos|records|database|hashes))(?: |$)"
)
CYBER_TARGET = (
    "(?:^| )(?:victims?|victim s|victims s|my targets"
    "|(?:isn t|is not|aren t|that isn t|which isn t|that s not|thats not) mine"
    "|(?:i|we) (?:don t|do not|dont) own|(?:i have|with) no (?:contract|permission"
    "|authori[sz]ation)|(?:i m|im|i am) not (?:allowed|supposed|authori[sz]ed)"
    "|not (?:allowed|supposed|authori[sz]ed) (?:on|to (?:be|access|use))"
    "|without (?:their|the owner s|the owners|his|her|its owner s) (?:permission|knowledge"
    "|consent|authori[sz]ation)|without (?:permission|authori[sz]ation|consent)"
    "|without (?:them|him|her|anyone|the admins?|the user|the owner|the victim|the company"
    "|their it|it|the it team|security|my boss|being) (?:knowing|noticing|seeing|finding out"
    "|detected|caught|traced|noticed|catching it|knowing it)"
    "|someone else s|somebody else s|other people s|another person s|other guests"
    "|everyone on|people s computers|anyone who (?:visits|opens|clicks)"
    "|(?:my )?(?:neighbou?r|neighbou?rs|coworker|coworkers|co worker|ex|ex s|boss|roommate"
    "|girlfriend|girlfriends|boyfriend|boyfriends|wife|husband|brother|brothers|sister|sisters"
    "|classmate|teacher|professor|school|university|employer|former employer|old employer"
    "|competitor|competitors|rival|rivals|landlord)(?: s)? (?:[^ ]+ ){0,3}(?:accounts?"
    "|computers?|laptops?|phones?|pcs?|servers?|network|site|website|wifi|wi fi|router"
    "|cameras?|email|passwords?|portal|database|vpn|box|machines?|devices?|exam|grades"
    "|moodle|admin panel|shop|store|blog|ad|active directory|aws|repos|source code|files"
    "|office|badges?|doorbell)"
    "|(?:a|my|our) (?:competitor|rival) s|a specific (?:ip|site|website|server|company|person"
    "|target|online store|commuter line|esports)|specific ip address|(?:i|we) (?:found|came"
    " across)(?: [^ ]+){0,4} (?:on shodan|online|exposed)|exposed online|i found on shodan"
    "|compromised (?:hosts?|machines?|network|server|devices?|user s)|(?:i|we) (?:ve|have)"
    " (?:broken|hacked|compromised|infected|got(?:ten)? a shell)|i (?:broke|hacked) into"
    "|(?:network|server|machine|box|domain) i (?:broke into|hacked|compromised)|infected"
    " (?:pcs?|machines?|computers?|hosts?|devices?)|machines i ve infected"
    "|(?:so|and|without) (?:that )?(?:the |their |corporate |my |his |her )?(?:antivirus|av"
    "|edr|defender|windows defender|microsoft defender|smartscreen|admins?|administrators?"
    "|ids|dlp|soc|security|security team|it|it team|sentinelone|sophos|kaspersky"
    "|malwarebytes|crowdstrike|signature scanners|scanners|safe browsing|crawlers|researchers"
    "|victims?|owner|owners|logs?|firewall|blue team)(?: [^ ]+){0,3} (?:won t|doesn t|don t"
    "|never|can t|cannot|will not|does not|do not|stops?|catching|noticing|flagging|detecting"
    "|miss|misses|trace) (?:ever )?(?:detect|flag|catch|notice|trace|see|find|detecting"
    "|flagging|catching|it|them|me)?"
    "|(?:fully )?undetectable|fud|evad(?:e|ing) (?:detection|antivirus|av|edr|defender|the"
    " edr|security)|before (?:i|we) send it out"
    "|my (?:malware|rat|trojan|stealer|infostealer|implant|payload|backdoor|keylogger|botnet"
    "|botnet client|bot|c2|beacon|ransomware|worm|rootkit|phishing (?:page|pages|kit|site"
    "|sites|emails?)|kit|webshell|loader|dropper|crypter|spam)"
    "|(?:knock|keep|force|kick|take out) (?:a |an |the |their |his |her |someone s "
    "|[^ ]+ s |[^ ]+ [^ ]+ s )(?:[^ ]+ ){0,4}(?:offline|down|unavailable)"
    "|(?:stolen|hacked|leaked) (?:cards?|credit cards?|credentials|accounts?|code signing)"
    "|(?:steal|stealing|grab|harvest|capture|pull) (?:[^ ]+ ){0,3}(?:passwords?|logins?"
    "|credentials|card numbers|card data|cookies|tokens|pin)"
    "|(?:former|old|ex) employer s|after (?:i|i ve) (?:quit|left|got fired)|i got fired"
    "|before i quit|when i left)(?: |$)"
)
DEFENDER = (
    "(?:^| )(?:detection (?:rules?|logic|query|queries|engineering|signatures?)|yara|sigma"
    "|siem|splunk|sentinel query|kql|snort|suricata|(?:detect|detecting|alert on|monitor"
    " for|hunt for) (?:when|if|this|these|attacks?|attempts?|it|them|such|lateral|the)"
    "|protect (?:my|our|against|myself|the|users)|defend (?:against|my|our)|prevent (?:this"
    "|these|attacks?|it|them|such)|mitigat[^ ]*|patch (?:my|our|the|it|this)|harden"
    "|(?:we|i) (?:were|was|got|have been|ve been) (?:hit|hacked|breached|attacked|compromised"
    "|phished)|incident response|our (?:own )?(?:network|servers?|systems?|company|domain"
    "|site|website|users|employees|staff)|authori[sz]ed (?:pentest|penetration test"
    "|engagement|test|testing|scope)|(?:my|our) (?:own )?(?:lab|homelab|home lab|test"
    " environment|test vm|vm)|capture the flag|ctf|bug bounty|responsible disclosure"
    "|how (?:do|did|would|does) (?:attackers|hackers|criminals|malware|ransomware)"
    "|history of|what happened|awareness training|phishing simulation|in the news"
    "|for (?:a|my) (?:class|course|exam|thesis|presentation)|recogni[sz]e|spot (?:a|the"
    "|phishing)|kick (?:them|him|her) out|(?:secure|lock down|recover|regain access to"
    "|take back) my|(?:i|i m|i am) (?:not going to|can t|cannot|won t|will not|do not|don t)"
    " (?:help|assist|provide|advise)|advise against|i do not advise|i don t advise"
    "|maintenance mode|content moderation|moderation dataset)(?: |$)"
)
# fmt: on

_REQUEST: Any = compile_large(CYBER_REQUEST)
_VOCABULARY: Any = compile_large(CYBER_VOCABULARY)
_TARGET: Any = compile_large(CYBER_TARGET)
_DEFENDER: Any = compile_large(DEFENDER)


def cyber_attack_request(subject: str) -> bool:
    """Whether the folded word string ``subject`` asks for help with a cyber-attack on a
    system that is not the requester's (see the module docstring)."""
    return (
        _TARGET.search(subject) is not None
        and _VOCABULARY.search(subject) is not None
        and _REQUEST.search(subject) is not None
        and _DEFENDER.search(subject) is None
    )
