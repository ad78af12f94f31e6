/** The only messages: user commands from the popup and options page to the background. */
export type Command = { type: 'reset-log'; origin: string };

export function isCommand(message: unknown): message is Command {
  if (typeof message !== 'object' || message === null) return false;
  const { type, origin } = message as Record<string, unknown>;
  return type === 'reset-log' && typeof origin === 'string';
}
