// In-process wake-up for the dispatcher: an enqueue that found subscribers asks for a prompt
// look at the outbox. Other instances find the rows by polling.
const holder = globalThis as unknown as { __imagedockWebhookWake?: Set<() => void> };

function listeners() {
  holder.__imagedockWebhookWake ??= new Set();
  return holder.__imagedockWebhookWake;
}

export function wakeDispatcher() {
  for (const listener of listeners()) listener();
}

export function onWake(listener: () => void) {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
