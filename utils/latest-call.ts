/**
 * For an action whose reply can take seconds (an export waits for its download to end): each call
 * takes a ticket, and only the latest call's ticket still holds when its reply comes, so an earlier
 * call's late reply does not overwrite a later one's.
 */
export function latestCall(): () => () => boolean {
  let calls = 0;
  return () => {
    const ticket = ++calls;
    return () => ticket === calls;
  };
}
