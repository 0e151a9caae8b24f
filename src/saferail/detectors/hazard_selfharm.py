"""Suicide, self-injury and eating-disorder requests: an opt-in form of ``harmful_request``
(``params: {strict_areas: true}``, see :mod:`saferail.detectors.strict_areas`).

People seeking the means to hurt themselves rarely use the words of a weapons or drugs
request: "whats the most painless way to just not wake up", "is 30 of my mom's tablets
enough", "excuses for fresh cuts people will believe", "ana tips pls", "how do i pretend to
swallow my meds and save them". The model flags few of them, and the care frame, built for
people asking for help, caps some. This module matches, on the folded word string (RE2):

- :data:`MEANS`: the quickest, gentlest or surest way to die, amounts and lethality checks
  ("would the whole bottle do it", "before it's too late for the hospital"), and method
  comparisons;
- :data:`INJURY_AND_HIDING`: cutting tools and depth, hiding fresh cuts, burns or purging
  from parents, doctors or a partner, stockpiling medication unseen;
- :data:`DISORDERED_EATING`: pro-ana and pro-mia tips, starving under a calorie or weight
  figure, purging and laxatives for weight, hiding not eating;
- :data:`PUSH_AND_PLAN`: asking to be told to go through with it or that one is a burden,
  a note for after one is gone, a time when nobody will find one, communities that help plan
  it, suicide partners, and the choking or fainting "games".

A text that asks for help to stop, cope, recover or help someone else, or about prevention,
accidents, first aid, grief or research (:data:`COUNTER`) is not matched. Written for this
project on a development set (``scripts/data/strict_areas/selfharm_requests.jsonl``), in
English, with a few Spanish, French and German phrases.
"""

from __future__ import annotations

__all__ = [
    "COUNTER",
    "DISORDERED_EATING",
    "INJURY_AND_HIDING",
    "MEANS",
    "PUSH_AND_PLAN",
    "self_harm_request",
]


from saferail.detectors.signatures import CounteredForm, any_words

_DIE = (
    "(?:die|dying|end it(?: all)?|end my (?:own )?life|kill myself|killing myself|kill yourself"
    "|end your life|take my"
    " (?:own )?life|off myself|unalive myself|not wake up|never wake up|sleep forever"
    "|make that happen|be over|it s over|its over|over for sure)"
)
_GENTLE = (
    "(?:painless|painlessly|pain free|quick|quickest|fast|fastest|easiest|gentlest|surest"
    "|peaceful|peacefully|least painful|most painless|less painful|more painless|simplest"
    "|reliable|most reliable)"
)
_PILLS = (
    "(?:pills|tablets|meds|medication|medications|sleeping pills|painkillers|pain meds"
    "|prescription|antidepressants|insulin)"
)
_HIDE_FROM = (
    "(?:parents|mom|mum|dad|mother|father|doctor|therapist|psychiatrist|boyfriend|girlfriend"
    "|husband|wife|teacher|teachers|school|coach|friends|roommate|family|pharmacist|nurse)"
)
_UNSEEN = (
    "(?:without (?:my |the |anyone |anybody |people )?(?:[^ ]+ )?(?:noticing|knowing|finding"
    " out|seeing|getting suspicious|figuring it out)|so (?:no one|nobody|no1) (?:knows|notices"
    "|finds out|can tell)|doesn t figure out|doesnt figure out)"
)

# fmt: off
MEANS = (
    "(?:^| )(?:" + _GENTLE + any_words(3) + " (?:way|ways|method|methods|option|options)"
    + any_words(2) + " (?:to |of )?" + _DIE + "|(?:gentlest|painless|peaceful|least painful"
    "|surest) way to go|ways? to die (?:that|by|in my sleep|without)|die in my sleep on purpose"
    "|(?:end|ending) it (?:tonight|today|now|for good|this weekend|next)|what works fastest"
    "|highest chance of (?:working|dying|success)|chance of working the"
    " first time|compare the ways to die|(?:overdose|od|jump|jumping|hanging|drown[^ ]*"
    "|bleed(?:ing)? out) or (?:overdose|od|jump|jumping|hang|hanging|drown[^ ]*|bleed(?:ing)?"
    " out)|(?:amount|number|how many|milligrams|mg|tablets|pills)" + any_words(8) + ""
    " (?:kills you|kill me|to overdose|to od|over for sure|it s over|its over|to die|to end it"
    "|would do it|do it|to not wake up|and not wake up|to never wake up)|whole (?:bottle"
    "|prescription|pack|box|strip)" + any_words(6) + ""
    " (?:do it|kill me|enough|die|survive|be over)|(?:is|are) (?:what i have|\\d+ (?:of )?"
    "(?:my )?(?:[^ ]+ )?" + _PILLS + "|a bottle of)" + any_words(8) + " enough|(?:don t|dont|do"
    " not) want to (?:survive|wake up)|too late for the hospital|(?:would|will) (?:i|it|that)"
    + any_words(5) + " (?:bleed out|definitely kill me|kill me)|bleed out before|how long"
    " (?:would it take|does it take|do i have) (?:to )?(?:starve to death|bleed out|die)"
    "|(?:people )?(?:usually )?survive if (?:i|you) (?:do it|take)"
    "|(?:how (?:do|can|should|could|would) i|how to|ways? to|help me|what (?:should|could|can)"
    " (?:i|they) (?:use|take)|where (?:could|can|should) i|i want to|best way to|what household)"
    + any_words(5) + " (?:kill (?:myself|yourself)|end (?:my|her|his|their) life|unalive"
    " (?:myself|me)|self delete|kms|die tonight)|(?:wanted|wants|want) to die tonight"
    "|(?:which|what|whats|what s|is it) (?:is |one is |hurts )?(?:less painful|more painless"
    "|quicker|faster|hurts less|less traumatic)" + any_words(10) + " (?:pills|drowning|hanging"
    "|cutting|jumping|freezing|starving|ending it|bath|bed|all at once)|(?:suicide|suicidal)"
    " methods?" + any_words(6) + " (?:list|real|success|best|painless|quick)|(?:least painful"
    "|most painless|painless|best) suicide method|(?:lethal|fatal|deadly) (?:amount|dose)"
    + any_words(8) + " (?:my weight|for me|for someone my|for a teen[^ ]*|on purpose|of common)"
    "|would be fatal if i|(?:enough )?to stop my heart|make sure i (?:don t|dont|do not) wake"
    " up|(?:go to )?sleep and (?:not|never) wake up|brave for (?:ending it|killing myself"
    "|doing it)|realistic enough (?:that )?(?:someone|people|i|anyone) could (?:follow|copy)"
    "|do people usually survive|(?:would|will) [^ ]+" + any_words(5) + " definitely kill me"
    "|(?:before|after) i kill myself|(?:forma|manera) menos dolorosa de (?:suicidar[^ ]*"
    "|morir)|quiero morir" + any_words(4) + ""
    " (?:como|dime)|mourir sans souffrir|pour en finir|facon la plus rapide de mourir)(?: |$)"
)
INJURY_AND_HIDING = (
    "(?:^| )(?:use (?:it|them|that) on myself|cuts? that scar|scar more|cut (?:deeper|somewhere)"
    "|(?:where|what) (?:should|can|do) i (?:cut|use to cut)|use to cut if|how deep (?:do|should"
    "|would) i (?:need to )?(?:go|cut)|hit something important|actually do damage|burn myself"
    "|hurt myself (?:without|so|more|worse)|(?:hide|hiding|cover(?: up)?|excuses? for|explain)"
    + any_words(5) + " (?:fresh |new )?(?:cuts|marks|scars|burns|bruises|self harm)"
    + any_words(6) + " (?:from|so|people will|that people|believe|to pe|in pe|at school|" + ""
    + _HIDE_FROM + ")|(?:excuses?|explanations?) for (?:fresh |new )(?:cuts|marks|burns)"
    "|(?:hide|hiding|smell after) (?:that i )?(?:threw up|purging|throwing up|i ve been purging)"
    "|(?:so she|so he|so they) (?:stops asking|doesn t section|doesnt section)"
    "|(?:save|saving|stockpile|stockpiling|hoard|hoarding|build up|collect|collecting|keep)"
    " (?:up )?(?:my |a supply of |enough )?(?:them|" + _PILLS + ")" + any_words(4) + ""
    " (?:" + _UNSEEN + "|take them all at once|for when i m ready|for when im ready|until i"
    " take them)|pretend to (?:swallow|take) (?:them|my meds|my pills)|build up a supply"
    "|more (?:sleeping pills|pills|painkillers|meds) than i m supposed to|bigger prescription"
    " so i have enough|stockpile my prescription|pharmacies can i buy|(?:buy|get) lots of pills"
    "|(?:hide|fake)" + any_words(3) + " (?:weight loss|weigh ins?)" + any_words(4) + " (?:from"
    "|so)|(?:hide|hiding) (?:a |my )?stash|collecting them|i m collecting"
    "|self harm without leaving marks|(?:blade"
    "|where on my body)" + any_words(5) + " (?:cutting myself|cut so|to cut)|cut so (?:no one"
    "|nobody)|wear to pe to hide|laxatives" + any_words(6) + " get rid of everything i ate"
    "|make myself vomit if|pastillas" + any_words(4) + ""
    " para no despertar|mich umbringen|esconder los cortes|verstecke ich meine narben)(?: |$)"
)
DISORDERED_EATING = (
    "(?:^| )(?:(?:pro )?(?:ana|mia) tips|(?:find|get|send|give|share|post|need|want|more|best"
    "|where|hashtags)" + any_words(4) + " (?:thinspo|thinspiration|meanspo|bonespo|pro ana|pro"
    " mia)|(?:purge|purging) (?:quietly|without|secretly|faster|more)|tips to purge|purge quietly"
    "|(?:get|got) it all out before it digests|(?:make|making) myself (?:throw up|vomit|sick)"
    " (?:after|without|quietly)|me fais vomir|(?:stop|suppress|kill|ignore) (?:feeling )?"
    "(?:hunger|my hunger|my appetite)" + any_words(8) + " (?:under \\d+|nothing|at all|no matter"
    " what)|under \\d+ ?(?:cal|cals|calories|kcal|kg|kilo|kilos|lbs)|(?:eat|eating) (?:nothing"
    "|less than \\d+)|still fat|trick my stomach|(?:make|making) (?:them|my [^ ]+|her|him"
    "|everyone|people)"
    " think i ate|pretend (?:to eat|i ate)|burn"
    " calories secretly|(?:laxatives?|laxative tea|water pills|diuretics)" + any_words(8) + ""
    " (?:lose|drop|stay thin|thin|weight|weigh in)|lose \\d+ ?(?:pounds|lbs|kg|kilos) in a"
    " (?:week|few days)" + any_words(3) + " (?:no matter what)?|fast(?:ing)? for \\d+ days"
    + any_words(4) + " (?:without passing out|so i can)|tipps zum hungern|unter \\d+ kilo)(?: |$)"
)
PUSH_AND_PLAN = (
    "(?:^| )(?:(?:tell|say|agree|confirm|admit)" + any_words(2) + " (?:that )?(?:it s|its|it"
    " is) (?:ok|okay|fine|alright) to (?:do it|die|end it|kill myself|go)|(?:tell|say) (?:me )?"
    "(?:that )?(?:i m|im|i am) a burden|(?:agree|admit|say|tell me) (?:that )?(?:my )?(?:family"
    "|everyone|they|people)" + any_words(2) + " (?:would be|are) better off without me|reason to"
    " go through with it|support my (?:decision|choice) to die|push(?:es)? me over the edge"
    "|one more push|(?:nobody|no one) would (?:actually )?miss me (?:right|say it)"
    "|convince me not to back out|(?:when|while) (?:nobody|no one) (?:will be|is|s|would be)"
    " (?:home|around) to (?:find|stop) me|(?:who|whoever|isn t the one who|is not the one who)"
    " finds me|(?:before|until) (?:someone|anyone|somebody) (?:would )?(?:find|finds|found) me"
    "|find my body|after i m (?:gone|dead)|after im (?:gone|dead)|after i die|send after i m"
    " dead|suicide note|(?:planning|plan|going) to (?:end it|kill myself|end my life)"
    "|help you plan suicide|supports? my (?:choice|decision) to die|suicide partner"
    "|ctb (?:tips|forum)|(?:catching|catch) the bus" + any_words(4) + " (?:method|methods"
    "|ready)|take the final exit|final exit peacefully|(?:permanently )?log off irl"
    "|(?:sites|subreddits|forums|servers|groups?) (?:or sites )?that (?:give|share|list) methods"
    "|(?:share|sharing) self harm (?:pics|photos)|(?:servers|discord|groups?|chat)"
    + any_words(5) + " (?:pro ana|encourage each other to (?:fast|starve|purge|cut))"
    "|(?:how (?:do|to|long|tight|many|much)|teach me|best way to|trick to|tips? for)"
    + any_words(10) + " (?:choking game|pass ?out challenge|fainting game|scarf game|blackout"
    " challenge|salt and ice challenge|(?:benadryl|allergy pill) challenge)|(?:make|making)"
    " (?:myself|yourself) faint on purpose|(?:past|beyond) that|ready to die"
    "|dime como hacerlo)(?: |$)"
)
COUNTER = (
    "(?:^| )(?:minecraft|hardcore mode|roblox|fortnite|the sims|skyrim|terraria|in game"
    "|prevent[^ ]*|worried|worry|concern[^ ]*|warning signs|signs (?:of|that)|my"
    " (?:friend|son|daughter|kid|kids|child|student|students|brother|sister|partner|teen"
    "|patient|patients|client|clients|niece|nephew)(?: s)? (?:is|has|said|told|keeps|might"
    "|may|was|mentioned)|help (?:her|him|them|my friend|someone)|support (?:her|him|them"
    "|someone)|recover[^ ]*|relapse|how (?:do|can) i stop|stop (?:cutting|purging|self harming"
    "|hurting myself)|urges?|cope|coping|poison control|accidental[^ ]*|by accident|first aid"
    "|grie[fv][^ ]*|lost (?:my|a|our) [^ ]+ to suicide|research[^ ]*|statistic[^ ]*|essay"
    "|awareness|safety plan|what to do if|talk (?:me|to me) out of|ramadan|yom kippur|lent"
    "|religious|dangers? of|why is (?:the )?[^ ]+ (?:game|challenge) dangerous|what is the"
    " (?:choking|fainting|blackout)|could mean|a teen is|remove|block|ban[^ ]*|moderat[^ ]*"
    "|spot|recogni[sz]e|explain|harmful|talk to (?:my|our|her|him|someone|somebody)|who can i"
    " talk to|someone to talk to|trend|psa|deadly|what happens|what should a kid|i m a (?:school"
    " )?(?:teacher|nurse)|students|safely get rid)(?: |$)"
)
# fmt: on

_FORM = CounteredForm((MEANS, INJURY_AND_HIDING, DISORDERED_EATING, PUSH_AND_PLAN), COUNTER)


def self_harm_request(subject: str) -> bool:
    """Whether the folded word string ``subject`` (one chunk of a text) asks for the means,
    concealment or encouragement of harming oneself (see the module docstring)."""
    return _FORM(subject)
