/**
 * Phrasings of the non-answer actions as real assistants and support agents write them, one table per
 * action. Each pattern has a weight; a match in the opening of the response counts more (assistants
 * state a refusal, an escalation or a missing-information problem first, then soften it).
 * Abstain = cannot answer for lack of information or access; refuse = will not (policy, safety);
 * clarify = asks the user something in order to proceed; escalate = hands over to a person or team.
 */
import type { Action } from '../facts/types.js';

export interface ActionPattern {
  re: RegExp;
  weight: number;
  code: string;
}

const P = (code: string, weight: number, re: RegExp): ActionPattern => ({ code, weight, re });

const HUMAN = String.raw`(?:human|person|(?:live |real |support |customer (?:service |care |support )?)?(?:agent|representative|rep|specialist|advisor|adviser)|colleague|teammate|supervisor|manager|team lead|(?:our |the )?(?:\w+ )?(?:team|department|desk)|someone (?:from|on|in) our|a member of (?:our|the) \w+(?: \w+)? team|tier[- ]?2|billing|engineer(?:ing)?|staff)`;

export const ACTION_PATTERNS: Record<Exclude<Action, 'answer'>, readonly ActionPattern[]> = {
  escalate: [
    P('connect_to_human', 3, new RegExp(String.raw`\b(?:connect|connecting|transfer|transferring|route|routing|put|putting|pass|passing|passed|send|sending|sent|hand|handing|handed|forward|forwarding|forwarded|refer|referring|referred|escalate|escalating|escalated|assign|assigned|loop|looping|looped)\b[^.!?\n]{0,40}\b(?:to|with|in)\b[^.!?\n]{0,12}\b${HUMAN}`, 'i')),
    P('escalated', 3, /\b(?:i(?:'ve| have)|i'll|i will|i'm|i am|we(?:'ve| have)|this has been|has been|have been|been)\s+(?:now\s+|just\s+|gone ahead and\s+)?(?:escalat|flagg|rais)(?:ed|ing|e)\b[^.!?\n]{0,60}\b(?:to|with|for)\b/i),
    P('ticket_opened', 3, /\b(?:open(?:ed)?|creat(?:ed|e)|fil(?:ed|e)|submitt?(?:ed)?|log(?:ged)?|rais(?:ed|e))\s+(?:a |an |your |the )?(?:new |support |priority |urgent |high-priority )?(?:ticket|case|request|incident|support request)\b/i),
    P('ticket_ref', 2, /\b(?:ticket|case|reference|ref)\s*(?:number|no\.?|id|#)?\s*(?:is\s*)?[:#]?\s*[A-Z]{0,5}-?\d{3,}/i),
    P('will_contact', 2, /\b(?:agent|specialist|representative|team|colleague|someone|member of [\w ]{0,30}team|human|supervisor|manager|they)\b[^.!?\n]{0,40}\b(?:will|should|is going to|'ll)\s+(?:be\s+)?(?:contact|reach(?:ing)? out|get(?:ting)? back|follow(?:ing)? up|call|email|join|be with you|pick (?:this|it) up|take (?:it|this) from here|take over|in touch)/i),
    P('handover_now', 3, /\b(?:let me|i(?:'ll| will)|allow me to|i'm going to|i am going to)\s+(?:get|bring|connect|transfer|hand|pass|loop|escalate|put)\b[^.!?\n]{0,30}\b(?:human|agent|specialist|colleague|supervisor|manager|team|someone|person|representative|rep)\b/i),
    P('please_hold', 2, /\b(?:please (?:hold|stay on the line|wait while)|you(?:'re| are) (?:now )?(?:being transferred|in the queue|next in line)|an agent will be with you|wait(?:ing)? time is)\b/i),
    P('human_can_help', 1, /\b(?:human|live) agent\b|\bour (?:support|billing|care|claims|fraud|security) team\b|\bspecialist team\b/i),
  ],
  refuse: [
    P('cannot_help_with_that', 3, /\b(?:i|we)\s+(?:can(?:'t|not| not)|won(?:'t| not)|will not|am not able to|'m not able to|am unable to|'m unable to|must decline to|am not going to|'m not going to|do not|don't)\s+(?:help|assist)\s+(?:you\s+)?(?:with\s+)?(?:that|this|these|those|requests?|anything|creating|writing|making|generating|providing|finding|getting|bypassing|accessing someone|obtaining)\b/i),
    P('cannot_share_or_provide', 2, /\b(?:i|we)\s+(?:can(?:'t|not| not)|won(?:'t| not)|will not|will not be able to|am not going to|are not going to|am not able to|are not able to|'m not able to|am unable to|are unable to|'m unable to|must not|am not allowed to|are not allowed to|'m not allowed to|am not permitted to|are not permitted to|'m not permitted to|don't|do not)\s+(?:share|disclose|reveal|give out|give you|provide|write|create|generate|produce|make|fulfil+|comply|do that|engage|participate|support|facilitate|encourage|condone|release|hand over|pass on)\b/i),
    P('decline', 3, /\b(?:i|we)\s+(?:must|have to|need to|'ll have to|will have to|'m going to have to|am going to have to)\s+(?:respectfully\s+|politely\s+)?(?:decline|refuse|pass on)\b|\bi(?:'m| am) not (?:comfortable|willing)\b|\b(?:i|we) (?:respectfully |politely )?(?:decline|refuse)\b/i),
    P('policy', 3, /\b(?:against|violat\w*|breach\w*|not (?:allowed|permitted) (?:by|under)|prohibited by|conflicts? with|outside (?:of )?(?:our|my) (?:policy|policies|guidelines))\s+(?:our|my|the|its|openai's|anthropic's|google's|usage|content|privacy|data|safety|community|acceptable use)?\s*(?:\w+\s+)?(?:policy|policies|guidelines|terms|rules|principles|standards|laws?|regulations|terms of service)\b/i),
    P('harm', 2, /\b(?:illegal|unlawful|harmful|dangerous|fraud(?:ulent)?|deceptive|unethical|malicious|could (?:be used to )?(?:cause|facilitate) harm|privacy (?:reasons|concerns|of (?:other|our))|other (?:customers|users|people)'s? (?:personal|private|payment|account)|someone else's (?:personal|private|account|data|information|card))\b/i),
    P('not_something_i_do', 2, /\b(?:that(?:'s| is)|this is|it(?:'s| is))\s+not something (?:i|we) (?:can|am able to|'m able to|will|do)\s+(?:help|assist|provide|do|share|support)\b/i),
    P('sorry_cant_that', 2, /^\W*(?:i'm sorry|i am sorry|sorry|i apologi[sz]e|unfortunately)[^.!?\n]{0,20}\b(?:but\s+)?(?:i|we)\s+(?:can(?:'t|not| not)|won(?:'t| not)|will not|am unable to|'m unable to|am not able to|'m not able to)\s+(?:help|assist|do|provide|share|comply|fulfil+)\b[^.!?\n]{0,25}(?:that|this|request)\b/i),
    P('cannot_help_generic', 2, /\b(?:i|we)\s+(?:cannot|will not|am unable to|are unable to|am not able to|are not able to|will not be able to|am not going to)\s+(?:be able to\s+)?(?:help|assist)\b/i),
    P('neg_policy', 3, /\b(?:cannot|can not|will not|unable to|not able to|not permitted to|not allowed to|not going to|must not)\b[^.!?\n]{0,100}\b(?:polic(?:y|ies)|regulations?|terms(?: of \w+)?|guidelines|privacy|confidential|consent|permission|legal reasons|the law|illegal|fraud)\b|\b(?:per|under|due to|for|according to|as stated in) (?:our |the |company |legal |privacy |security )?(?:polic(?:y|ies)|regulations?|terms(?: of \w+)?|guidelines|privacy reasons|legal reasons|security reasons)\b[^.!?\n]{0,60}\b(?:cannot|can not|will not|unable to|not able to|not permitted to|not allowed to)\b/i),
    P('as_an_ai', 1, /\bas an ai\b[^.!?\n]{0,60}\b(?:can(?:'t|not)|won't|will not|not able|unable)\b[^.!?\n]{0,30}\b(?:help|assist|provide|create|write|generate|engage)\b/i),
  ],
  abstain: [
    P('no_information', 3, /\b(?:i|we|our (?:system|systems|records|database|team|documentation)|the (?:system|documentation|manual|knowledge base))\s+(?:do(?:n't| not)|does not|does not currently|do not currently|currently do(?:n't| not)|unfortunately do(?:n't| not))\s+(?:have|hold|possess|see|find)\s+(?:any\s+|an?\s+|enough\s+|sufficient\s+|reliable\s+|specific\s+|up-to-date\s+|current\s+|real-time\s+|verified\s+|access to\s+|the\s+|that\s+|details\s+|much\s+|tracking\s+|shipping\s+|delivery\s+|account\s+|order\s+|further\s+|more\s+)*(?:information|info|data|details|knowledge|record|records|documentation|visibility|insight|access|ability|way|means|tools?|answer|context|specifics|figures|numbers|eta|timeline|update|estimate|date)\b/i),
    P('dont_know', 3, /\b(?:i|we)\s+(?:honestly\s+|really\s+|actually\s+|genuinely\s+|simply\s+)?(?:do(?:n't| not)|genuinely don't)\s+know\b|\bi(?:'m| am) not (?:sure|certain|aware)\b(?![^.!?\n]{0,40}\b(?:but|however)\b[^.!?\n]{0,40}\b(?:generally|usually|typically|likely|probably)\b)|\bi have no (?:way of knowing|idea|information|data|record|access)\b|\b(?:that's|that is|this is) (?:beyond|outside) (?:what i (?:know|have)|my (?:knowledge|training|information|data))\b|\bunable to (?:determine|confirm|verify|say for (?:sure|certain))\b/i),
    P('cannot_access', 3, /\b(?:i|we)\s+(?:can(?:'t|not| not)|am unable to|are unable to|'m unable to|am not able to|are not able to|'m not able to|have no way to|do(?:n't| not) have the ability to|lack the ability to)\s+(?:currently\s+|directly\s+)?(?:access|see|view|look up|lookup|check|browse|retrieve|pull up|verify|confirm|know|predict|find|locate|search|open|read|track|determine|tell (?:you )?(?:for sure|exactly|whether|when|if|what))\b/i),
    P('not_found', 3, /\b(?:i|we)\s+(?:could(?:n't| not)|was unable to|were unable to|was not able to|wasn't able to|can(?:'t|not))\s+find\b|\b(?:no|not any)\s+(?:relevant\s+|matching\s+)?(?:information|results|records|articles|documentation|mention|details|data)\s+(?:about|on|regarding|for|related to|in)\b|\b(?:isn't|is not|aren't|are not|not)\s+(?:covered|mentioned|documented|addressed|listed|included|available)\s+(?:in|by|on)\s+(?:our|the|my|any)\b|\bdoes(?:n't| not) (?:cover|mention|say|include|specify|address)\b/i),
    P('knowledge_cutoff', 3, /\b(?:knowledge cut-?off|training data|my (?:knowledge|information) (?:only )?(?:goes|extends) up to|as of my last (?:update|training)|real-time (?:data|information|access)|i (?:do(?:n't| not)|cannot|can't) browse|no (?:internet|web) access)\b/i),
    P('rather_not_guess', 2, /\b(?:rather not|don't want to|do not want to|wouldn't want to|can't)\s+(?:guess|speculate|give you (?:something|information) (?:inaccurate|wrong|incorrect|unreliable))\b|\b(?:can(?:'t|not)|unable to) (?:give|provide) (?:you )?(?:a |an )?(?:reliable|accurate|definitive|confident|verified) (?:answer|information|response)\b/i),
    P('not_enough_info', 3, /\b(?:is not|not|there is not|without) (?:enough|sufficient) (?:information|data|context|detail|details)\b|\bnothing in (?:the|my|our) (?:materials|documents|sources|docs|documentation|knowledge base|help center|records)\b|\bno (?:results|matches|articles) (?:were )?found\b|\bi lack (?:the|any) (?:data|information|details|access)\b|\b(?:information|data|details) (?:is|are) not available (?:to|in)\b/i),
    P('recommend_check_elsewhere', 1, /\b(?:i(?:'d| would) (?:recommend|suggest)|best to|please)\s+(?:check(?:ing)?|contact(?:ing)?|consult(?:ing)?|visit(?:ing)?|reach(?:ing)? out to)\s+(?:the|their|your|an? )?\s*(?:official|manufacturer|provider|bank|carrier|website|retailer|airline|local|doctor|professional)/i),
  ],
  clarify: [
    P('could_you_provide', 3, /\b(?:could|can|would|will)\s+you\s+(?:please\s+)?(?:share|provide|tell|give|send|confirm|clarify|specify|let me know|describe|explain|elaborate|point me|paste|include|check|double-check|walk me through|say (?:a bit )?more)\b[^?]{0,160}\?/i),
    P('please_provide', 3, /\bplease\s+(?:share|provide|tell me|send|confirm|clarify|specify|let me know|reply with|describe|include)\b[^.!?\n]{0,120}\b(?:so (?:that )?i can|so i|and i(?:'ll| will| can)|to (?:help|proceed|continue|look)|order (?:number|id)|account|email|details?|which|what)\b/i),
    P('which_one', 3, /(?:^|[.!?\n]\s*|,\s*)(?:which|what|who|when|where|how many|how much|is it|is this|are you|do you|did you|does it|was it|were you|have you|had you)\b[^.!?\n]{0,140}\?/i),
    P('need_more_info', 3, /\b(?:i(?:'ll| will)? need|i'd need|i would need|we(?:'ll| will)? need|i require|to (?:help|assist) you(?: better| further)?,? i(?:'ll| will)? need|need (?:a (?:bit|little) )?more (?:information|info|details|context))\b[^.!?\n]{0,80}\b(?:more|your|the|a few|some|which|what|details|information|context|number|id|name)\b/i),
    P('do_you_mean', 3, /\b(?:do|did) you mean\b|\bare you (?:referring|asking|talking) (?:to|about)\b|\bjust to (?:clarify|confirm|make sure|be sure)\b|\bcan you clarify\b|\bcould you clarify\b|\bwhat do you mean\b|\bwhen you say\b/i),
    P('direct_question', 2, /^[^.!?\n]{0,30}(?:is|are|was|were|do|does|did|have|has|can|could|would|should|what|which|who|when|where|how)\b[^.!?\n]{3,160}\?\s*$/i),
    P('before_i', 2, /\bbefore i (?:can |could )?(?:proceed|continue|look into|check|help|answer|go ahead)\b|\bin order to (?:help|assist|proceed|look into)\b[^.!?\n]{0,60}\?/i),
  ],
};

/** Trailing offers and pleasantries ("Anything else?") that are not clarifying questions. */
export const OFFER_QUESTION = /\b(?:anything else|something else|any other (?:questions?|way|help)|other questions|further (?:questions|assistance|help)|help (?:you )?with (?:anything|something) else|(?:would|do) you (?:like|want) me to|would you like to|shall i|want me to|like me to|interested in|would (?:that|this|it) (?:help|work)|does (?:that|this) (?:help|answer|make sense)|is there (?:anything|something)|can i help|may i help|how else|happy to help|let me know if)\b/i;

/** Negations that cancel an escalation phrase right before it ("we are not able to transfer your account"). */
export const NEGATION_BEFORE = /\b(?:not|cannot|unable to|never|no way to)\b[^.!?\n,;]{0,30}$/i;

/** Hedges followed by substance ("I'm not sure, but generally ...") mean an answer. */
export const HEDGED_ANSWER = /\b(?:but|however|that said|generally|in general|typically|usually|here(?:'s| is| are)|in most cases|common(?:ly)?|you can|you could|you may|you might|try|steps?|option)\b/i;
