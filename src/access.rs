//! Who may talk to the server from a browser: which `Origin`s and which
//! `Host` names are answered (the checks themselves are the HTTP layer's:
//! [`crate::http::access`]). Parsed from `--cors-origins` and
//! `--allowed-hosts`; knows nothing of HTTP.

/// Which origins may call the server (CORS, HTTP requests, WebSocket upgrades).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origins {
    /// Any origin (`*`).
    Any,
    /// Loopback origins (when `loopback`) and the listed ones, exactly.
    Listed { loopback: bool, exact: Vec<String> },
}

impl Default for Origins {
    fn default() -> Self {
        Origins::Listed { loopback: true, exact: Vec::new() }
    }
}

/// Which `Host` headers are answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hosts {
    /// Any host (`*`).
    Any,
    /// Local names and IP addresses (when `local`), the listed names, and
    /// names under the listed `.suffix`es.
    Listed { local: bool, names: Vec<String>, suffixes: Vec<String> },
}

impl Default for Hosts {
    fn default() -> Self {
        Hosts::Listed { local: true, names: Vec::new(), suffixes: Vec::new() }
    }
}

/// The two checks together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Access {
    pub origins: Origins,
    pub hosts: Hosts,
}

impl Origins {
    /// Parses `--cors-origins`: `*`, or a comma-separated list of
    /// `loopback` and origins such as `http://localhost:5173`.
    pub fn parse(value: &str) -> Result<Origins, String> {
        let mut loopback = false;
        let mut exact = Vec::new();
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match entry {
                "*" => return Ok(Origins::Any),
                "loopback" => loopback = true,
                origin => {
                    let origin = origin.trim_end_matches('/');
                    if split_origin(origin).is_none() {
                        return Err(format!(
                            "{origin:?} is not an origin such as http://localhost:3000 (or use loopback or *)"
                        ));
                    }
                    exact.push(origin.to_ascii_lowercase());
                }
            }
        }
        if !loopback && exact.is_empty() {
            return Err("name at least one origin, loopback, or *".into());
        }
        Ok(Origins::Listed { loopback, exact })
    }

    /// Whether a page of `origin` may call a server reached as `host`.
    pub fn allow(&self, origin: &str, host: Option<&str>) -> bool {
        let Origins::Listed { loopback, exact } = self else { return true };
        let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
        let Some((_, authority)) = split_origin(&origin) else { return false };
        // The page's own origin: what the Host check lets in, its pages may call.
        if host.is_some_and(|h| h.eq_ignore_ascii_case(authority)) {
            return true;
        }
        (*loopback && is_loopback_name(host_of(authority))) || exact.contains(&origin)
    }
}

impl Hosts {
    /// Parses `--allowed-hosts`: `*`, or a comma-separated list of `local`,
    /// host names, and `.suffix`es (`.example.com` allows `example.com` and
    /// every name under it).
    pub fn parse(value: &str) -> Result<Hosts, String> {
        let mut local = false;
        let mut names = Vec::new();
        let mut suffixes = Vec::new();
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            match entry {
                "*" => return Ok(Hosts::Any),
                "local" => local = true,
                name => {
                    let name = name.to_ascii_lowercase();
                    let bare = name.strip_prefix('.').unwrap_or(&name);
                    let valid = !bare.is_empty()
                        && bare.len() <= 253
                        && bare.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
                    if !valid {
                        return Err(format!("{entry:?} is not a host name such as agentmock or .example.com"));
                    }
                    if name.starts_with('.') { suffixes.push(name) } else { names.push(name) }
                }
            }
        }
        if !local && names.is_empty() && suffixes.is_empty() {
            return Err("name at least one host, local, or *".into());
        }
        Ok(Hosts::Listed { local, names, suffixes })
    }

    /// Adds the host of the public URL (it is where clients are told to go).
    pub fn with_public_url(mut self, url: &str) -> Hosts {
        if let Hosts::Listed { names, .. } = &mut self
            && let Some((_, authority)) = split_origin(url.trim_end_matches('/'))
        {
            let host = host_of(authority).to_ascii_lowercase();
            if !names.contains(&host) {
                names.push(host);
            }
        }
        self
    }

    /// Whether a request naming `host` (a `Host` header: name or address,
    /// with or without a port) is answered.
    pub fn allow(&self, host: &str) -> bool {
        let Hosts::Listed { local, names, suffixes } = self else { return true };
        let name = host_of(host.trim()).to_ascii_lowercase();
        let name = name.trim_end_matches('.');
        // An IP address cannot be rebound: only a name can be made to point
        // at this machine by someone else's DNS.
        if *local && (is_loopback_name(name) || is_ip(name)) {
            return true;
        }
        names.iter().any(|n| n == name) || suffixes.iter().any(|s| name.ends_with(s.as_str()) || name == &s[1..])
    }
}

/// `(scheme, authority)` of an origin such as `http://localhost:5173`.
fn split_origin(origin: &str) -> Option<(&str, &str)> {
    let (scheme, authority) = origin.split_once("://")?;
    let valid = matches!(scheme, "http" | "https")
        && !authority.is_empty()
        && !authority.contains(['/', '?', '#', '@', ' '])
        && !host_of(authority).is_empty();
    valid.then_some((scheme, authority))
}

/// The host of an authority (`name:port`, `[v6]:port`), without the port.
fn host_of(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => authority,
    }
}

fn is_ip(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok()
}

/// `localhost`, a name under `.localhost` (RFC 6761), or a loopback address.
fn is_loopback_name(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    host == "localhost"
        || host.ends_with(".localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_lets_loopback_pages_in_and_no_other() {
        let origins = Origins::default();
        for page in ["http://localhost:5173", "http://127.0.0.1:3000", "https://app.localhost", "http://[::1]:8080"] {
            assert!(origins.allow(page, Some("127.0.0.1:4000")), "{page}");
        }
        for page in ["https://evil.example", "null", "http://localhost.evil.example", "file://", "http://10.0.0.5:3000"]
        {
            assert!(!origins.allow(page, Some("127.0.0.1:4000")), "{page}");
        }
        assert!(origins.allow("http://10.0.0.5:4000", Some("10.0.0.5:4000")), "a page of the server's own origin");
    }

    #[test]
    fn the_default_answers_local_names_and_addresses_only() {
        let hosts = Hosts::default();
        for host in
            ["localhost:4000", "127.0.0.1:4000", "[::1]:4000", "app.localhost", "192.168.1.20:4000", "LOCALHOST"]
        {
            assert!(hosts.allow(host), "{host}");
        }
        for host in ["evil.example", "evil.example:4000", "localhost.evil.example", "agentmock"] {
            assert!(!hosts.allow(host), "{host}");
        }
    }

    #[test]
    fn both_widen() {
        let hosts = Hosts::parse("local, agentmock, .corp.example").unwrap();
        assert!(hosts.allow("agentmock:4000") && hosts.allow("mock.corp.example") && hosts.allow("corp.example"));
        assert!(!hosts.allow("corp.example.evil"));
        assert!(Hosts::parse("*").unwrap().allow("anything.example"));
        let origins = Origins::parse("loopback,http://web:3000").unwrap();
        assert!(origins.allow("http://web:3000", None) && origins.allow("http://localhost:1", None));
        assert!(!origins.allow("http://web:3001", None));
        assert!(Origins::parse("*").unwrap().allow("https://evil.example", None));
        let only = Origins::parse("http://localhost:5173").unwrap();
        assert!(!only.allow("http://localhost:3000", Some("127.0.0.1:4000")), "loopback is not implied by a list");
        assert!(Hosts::default().with_public_url("http://mock.test:4000").allow("mock.test"));
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Origins::parse("ftp://x").is_err());
        assert!(Origins::parse("http://x/path").is_err());
        assert!(Origins::parse("").is_err());
        assert!(Hosts::parse("a b").is_err());
        assert!(Hosts::parse(" , ").is_err());
    }
}
