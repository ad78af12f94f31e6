/**
 * The first `max` characters of a text, as a string of its own. V8 makes a slice a view into the
 * string it was cut from (`SlicedString`, https://github.com/v8/v8/blob/main/src/objects/string.h),
 * which keeps that whole string alive as long as the slice: a failure record's path, cut to 1,024
 * characters from a URL of 1 MB (any page may request the Immich host with any URL), kept the URL, and
 * 500 such records held 1 GB (found by a review). The JSON round trip copies the characters, lone
 * surrogates included; only a text longer than `max` pays for it (about 3 µs for 1,024 characters).
 */
export function cutText(text: string, max: number): string {
  return text.length <= max ? text : (JSON.parse(JSON.stringify(text.slice(0, max))) as string);
}
