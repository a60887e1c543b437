/** Messages from the host layer (e.g. Excel is in cell-edit mode) that the pane shows while it waits. */
type Listener = (message: string) => void;
const listeners = new Set<Listener>();

export function notifyHostWaiting(message: string): void {
  for (const l of listeners) l(message);
}

export function onHostWaiting(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
