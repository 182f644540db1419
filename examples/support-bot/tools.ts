/** The support bot's tools: an order lookup and a hand-off to a human agent. */

/** Thrown by `lookupOrder` for an unknown order (becomes `error.type` on the tool span). */
export class OrderNotFoundError extends Error {
  override name = 'OrderNotFoundError';
}

const ORDERS: Record<string, { status: string; eta: string }> = {
  '1001': { status: 'shipped', eta: 'Thursday' },
  '1002': { status: 'processing', eta: 'next week' },
};

/** Looks up an order by id; throws OrderNotFoundError when unknown. */
export async function lookupOrder(args: { orderId: string }): Promise<{ orderId: string; status: string; eta: string }> {
  const order = ORDERS[args.orderId];
  if (!order) throw new OrderNotFoundError(`order ${args.orderId} not found`);
  return { orderId: args.orderId, ...order };
}

let nextTicket = 5000;
/** Opens a ticket for a human agent and returns its id. */
export async function escalateToHuman(args: { reason: string }): Promise<{ ticket: string; reason: string }> {
  nextTicket += 1;
  return { ticket: `SUP-${nextTicket}`, reason: args.reason };
}

/** Tool definitions in the OpenAI chat-completions format. */
export const TOOL_DEFINITIONS = [
  {
    type: 'function' as const,
    function: {
      name: 'lookup_order',
      description: 'Look up the status of an order by its number',
      parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
    },
  },
  {
    type: 'function' as const,
    function: {
      name: 'escalate_to_human',
      description: 'Hand the conversation to a human support agent',
      parameters: { type: 'object', properties: { reason: { type: 'string' } }, required: ['reason'] },
    },
  },
];
