/**
 * For an action whose reply can take seconds (an export waits for its download to end): each call
 * takes a ticket, and only the latest call's ticket still holds when its reply comes, so an earlier
 * call's late reply does not overwrite a later one's. Calls about different things (`key`: the options
 * page's sites, each exported on its own) are counted apart: one takes nothing from another.
 */
export function latestCall(): (key?: string) => () => boolean {
  const calls = new Map<string, number>();
  return (key = '') => {
    const ticket = (calls.get(key) ?? 0) + 1;
    calls.set(key, ticket);
    return () => ticket === calls.get(key);
  };
}
