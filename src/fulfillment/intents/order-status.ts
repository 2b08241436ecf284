import type { OrderRepository, Order } from '../../store/port.js';
import { plainText, type IntentHandler } from '../intent-handler.js';
import type { ScriptedReply } from '../reply-variants.js';

/**
 * Order status is personal: it is told only to the signed-in customer who placed the order, and
 * an order of someone else reads exactly like an unknown one.
 */
export function orderStatus(orders: OrderRepository): IntentHandler {
  return async ({ slots, identity }) => {
    const orderNumber = slots.OrderNumber;
    if (orderNumber === null || orderNumber === undefined) {
      return { state: 'Failed', messages: [plainText('I need an order number to look that up.')] };
    }
    if (identity.anonymous) {
      return { state: 'Failed', messages: [plainText('For your privacy, please sign in so I can look up your orders.')] };
    }
    const order = await orders.get(normalizeOrderNumber(orderNumber));
    if (order === null || order.customerId !== identity.userId) {
      return { state: 'Failed', messages: [plainText(`I couldn't find order ${orderNumber} on your account.`)] };
    }
    return { state: 'Fulfilled', messages: [plainText(describe(order))], script: orderScript(order) };
  };
}

export function normalizeOrderNumber(value: string): string {
  const digits = value.replace(/[^0-9]/g, '');
  return `PS-${digits}`;
}

const day = new Intl.DateTimeFormat('en-US', { weekday: 'long', month: 'long', day: 'numeric', timeZone: 'UTC' });

const STATUS_WORDS: Record<Order['status'], string> = {
  processing: 'being prepared',
  shipped: 'shipped',
  'out-for-delivery': 'out for delivery',
  delivered: 'delivered',
  cancelled: 'cancelled',
};

/** Script variables; without a delivery date the variants that say one are not offered. */
function orderScript(order: Order): ScriptedReply {
  const eta: Record<string, string> = order.estimatedDelivery === undefined || order.status === 'delivered' || order.status === 'cancelled' ? {} : { eta: order.estimatedDelivery.toISOString().slice(0, 10).replaceAll('-', '') };
  return { intent: 'OrderStatus', variables: { orderId: order.orderNumber, status: STATUS_WORDS[order.status], ...eta } };
}

function describe(order: Order): string {
  const eta = order.estimatedDelivery === undefined ? '' : `, expected ${day.format(order.estimatedDelivery)}`;
  switch (order.status) {
    case 'processing':
      return `Order ${order.orderNumber} is being prepared${eta}.`;
    case 'shipped':
      return `Order ${order.orderNumber} has shipped${eta}.`;
    case 'out-for-delivery':
      return `Order ${order.orderNumber} is out for delivery today.`;
    case 'delivered':
      return `Order ${order.orderNumber} was delivered.`;
    case 'cancelled':
      return `Order ${order.orderNumber} was cancelled.`;
  }
}
