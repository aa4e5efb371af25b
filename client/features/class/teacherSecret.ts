const KEY = 'allo.class.teacher';

/**
 * The teacher's secret, from the teacher link (`?teacher=<secret>`). It is kept in this tab's storage and
 * taken out of the address bar at once, so that a page put on the projector does not show it.
 */
export function teacherSecret(): string | undefined {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('teacher');
  if (fromUrl) {
    try {
      sessionStorage.setItem(KEY, fromUrl);
    } catch {
      // Private mode: the secret stays in the address bar instead.
      return fromUrl;
    }
    url.searchParams.delete('teacher');
    history.replaceState(history.state, '', url);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
