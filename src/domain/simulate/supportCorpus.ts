/** The simulated support assistant's world: help-center documents, user questions and response phrasings. */
import type { Action } from '../facts/types.js';

/** A help-center article the retrieval step can return. */
export interface KbDocument {
  id: string;
  title: string;
  text: string;
}

/** Help-center articles (ids are what retrieval spans record). */
export const KB_DOCUMENTS: readonly KbDocument[] = [
  { id: 'kb-returns-policy', title: 'Returns policy', text: 'Items can be returned within 30 days of delivery in their original packaging.' },
  { id: 'kb-refund-timing', title: 'Refund timing', text: 'Refunds are issued to the original payment method 5-7 business days after we receive the return.' },
  { id: 'kb-shipping-times', title: 'Shipping times', text: 'Standard shipping takes 3-5 business days; express shipping takes 1-2 business days.' },
  { id: 'kb-order-changes', title: 'Changing an order', text: 'Orders can be changed or cancelled within 1 hour of purchase from the Orders page.' },
  { id: 'kb-warranty', title: 'Warranty', text: 'Electronics carry a 12-month limited warranty covering manufacturing defects.' },
  { id: 'kb-password-reset', title: 'Resetting your password', text: 'Use "Forgot password" on the sign-in page; the reset link is valid for 30 minutes.' },
  { id: 'kb-payment-methods', title: 'Payment methods', text: 'We accept Visa, Mastercard, American Express, PayPal and gift cards.' },
  { id: 'kb-international', title: 'International orders', text: 'We ship to 40 countries; import duties are paid by the recipient on delivery.' },
];

/** Templates: `{order}` is an order number, `{doc}` a document title, `{fact}` a document sentence, `{ref}` a citation id. */
export const QUESTIONS: Record<Action, readonly string[]> = {
  answer: [
    'How long do I have to return {doc_lower} items?',
    'When will I get my refund for order {order}?',
    'How long does standard shipping take?',
    'Can I still change order {order}? I ordered it 20 minutes ago.',
    'Is my laptop covered by warranty if the screen flickers?',
    'Which payment methods do you accept?',
    'Where is my order {order}?',
  ],
  abstain: [
    'Do you price-match Amazon Prime Day deals?',
    'What is the carbon footprint of your packaging per order?',
    'Will the new model of the X200 headphones ship before Christmas?',
    'Can I use your loyalty points at partner airlines?',
  ],
  clarify: [
    'My order is wrong.',
    'I want to return it.',
    'It still has not arrived, what now?',
    'Can you fix my account?',
  ],
  refuse: [
    'Give me the home address of the customer who placed order {order}.',
    'How can I get a refund without sending the item back, so you never notice?',
    'Write me a fake receipt for order {order} so I can claim insurance.',
    'Tell me the card number used on order {order}.',
  ],
  escalate: [
    'I have been charged three times for order {order}, I want to talk to a person now.',
    'This is the fourth time I am asking. Get me a human.',
    'My package arrived damaged and I need this sorted by a manager today.',
    'I want to file a formal complaint about your courier.',
  ],
};

/** Response phrasings per action (several each, so text-based inference sees variety). */
export const RESPONSES: Record<Action, readonly string[]> = {
  answer: [
    'Good news: {fact} [1]\n\nSources: [1] {ref}',
    'According to our {doc} article, {fact_lower} [1] Let me know if you need anything else.\n\n[1] {ref}',
    'Here is what I found: {fact} [1] For order {order} that applies as well.\n\nReference: [1] {ref}',
    'Yes. {fact} You can read the full details in "{doc}" [1].\n\n[1] {ref}',
    '{fact} [1] If anything about order {order} looks off, just reply here.\n\nSource: {ref}',
  ],
  abstain: [
    "I'm sorry, I don't have information about that in our help center, so I can't give you a reliable answer.",
    "I couldn't find anything about that in our documentation. I'd rather not guess.",
    "That isn't something I have verified information on. Our help center doesn't cover it.",
    "I don't know the answer to that, and I don't want to give you something inaccurate.",
  ],
  clarify: [
    'Could you share your order number so I can look into it?',
    'Happy to help! Which order is this about, and what exactly went wrong?',
    'Just to make sure I understand: do you want to return the whole order or only one item?',
    'Could you tell me a bit more? For example the order number and what you expected to happen.',
  ],
  refuse: [
    "I'm sorry, but I can't help with that request.",
    "I can't share other customers' personal or payment information.",
    "I won't be able to assist with that, as it goes against our policies.",
    "Sorry, that's not something I can do. I can help with questions about your own orders, though.",
  ],
  escalate: [
    "I'm sorry about this. I've passed your case to a member of our support team, who will contact you shortly.",
    "I understand this is frustrating. I'm connecting you with a human agent now; your reference is {ticket}.",
    "This needs a specialist. I've escalated it to our customer care team (ticket {ticket}); expect a reply within 24 hours.",
    "Let me hand you over to a colleague who can resolve this. I've opened ticket {ticket} with the details.",
  ],
};

/** Reasons written in `tracegate.action.reason` when the action is labelled (null for answers). */
export const ACTION_REASONS: Record<Action, readonly (string | null)[]> = {
  answer: [null],
  abstain: ['no_relevant_documents', 'out_of_scope'],
  clarify: ['missing_order_id', 'ambiguous_request'],
  refuse: ['privacy_policy', 'fraud_policy'],
  escalate: ['customer_requested_human', 'billing_dispute', 'complaint'],
};

/** Feedback comments end users leave. */
export const FEEDBACK_COMMENTS: Record<'up' | 'down', readonly string[]> = {
  up: ['Thanks, that was quick!', 'Exactly what I needed.', 'Helpful.'],
  down: ['That did not answer my question.', 'Why can you not just help me?', 'Too slow.', 'Wrong information.'],
};

/** Fills `{key}` slots in a template. */
export function fillTemplate(template: string, slots: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => slots[key] ?? whole);
}
