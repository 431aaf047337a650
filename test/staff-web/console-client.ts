/** A browser-like client of the staff console over real HTTP: it keeps cookies and reads CSRF tokens from pages. */
export function consoleClient(baseUrl: string, headers: Record<string, string> = {}) {
  const jar = new Map<string, string>();
  let csrf = '';
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
      else jar.set(name, value);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const request = async (method: string, path: string, body?: Record<string, string>, extra: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: { ...headers, cookie: cookie(), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...extra },
      body: body ? new URLSearchParams(body) : undefined,
    });
    remember(response);
    const text = await response.text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? csrf;
    return { status: response.status, location: response.headers.get('location'), text, setCookies: response.headers.getSetCookie() };
  };
  return {
    jar,
    get: (path: string) => request('GET', path),
    /** A form post with the token of the last page seen (as a browser sends it). */
    post: (path: string, form: Record<string, string> = {}) => request('POST', path, { _csrf: csrf, ...form }),
    /** A form post without any token (a forged cross-site form would be this). */
    postWithoutToken: (path: string, form: Record<string, string> = {}) => request('POST', path, form),
    async login(login: string, password: string) {
      await request('GET', '/staff/login');
      return request('POST', '/staff/login', { _csrf: csrf, login, password, next: '/staff' });
    },
  };
}
