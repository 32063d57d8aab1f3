//! GraphiQL playground: the `/` page and the offline `/playground/*` assets embedded in the binary.
//!
//! Everything the page loads (GraphiQL 3, React 18, graphql-ws, fonts inlined in the GraphiQL CSS,
//! the bootstrap script and the example operations) is compiled in, so the playground works with
//! no network at all. The vendored files and their versions are listed in
//! `assets/graphiql/README.md`; the example operations live in `assets/playground/examples/`.

use std::sync::LazyLock;

use axum::{
    Router,
    body::{Body, Bytes},
    extract::Path,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use sha2::{Digest, Sha256};

/// Where the playground sends operations, and what the page is called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaygroundSettings {
    /// Path (from the server root) of the GraphQL HTTP endpoint, e.g. `/graphql`.
    pub graphql_path: String,
    /// Path (from the server root) of the `graphql-transport-ws` endpoint, e.g. `/graphql`.
    /// The client connects lazily, so this need not exist until a subscription is run.
    pub subscription_path: String,
    /// The page's `<title>`.
    pub title: String,
    /// `$NAME` placeholders in the examples and their values for the served
    /// dataset (tokens, an email, an agent id), so tabs with headers run as is.
    pub placeholders: Vec<(String, String)>,
}

impl PlaygroundSettings {
    /// The default settings with the placeholders of `snap`'s dataset.
    pub fn for_snapshot(snap: &crate::store::Snapshot) -> Self {
        let d = &snap.dataset;
        let first = |role: crate::data::catalogue::Role| d.users.iter().position(|u| u.role == role);
        let mut placeholders = Vec::new();
        for (name, role) in [
            ("ADMIN", crate::data::catalogue::Role::Admin),
            ("OPERATOR", crate::data::catalogue::Role::Operator),
            ("VIEWER", crate::data::catalogue::Role::Viewer),
        ] {
            if let Some(row) = first(role) {
                placeholders.push((format!("${name}_TOKEN"), snap.token_of(row as u32).unwrap_or_default()));
                placeholders.push((format!("${name}_EMAIL"), d.users[row].email.clone()));
            }
        }
        if let Some(agent) = d.agents.iter().find(|a| a.status == crate::data::AgentStatus::Active) {
            placeholders.push(("$AGENT_ID".into(), agent.id.to_string()));
        }
        PlaygroundSettings { placeholders, ..Self::default() }
    }
}

impl Default for PlaygroundSettings {
    fn default() -> Self {
        Self {
            graphql_path: "/graphql".to_owned(),
            subscription_path: "/graphql".to_owned(),
            title: "agentmock · GraphQL playground".to_owned(),
            placeholders: Vec::new(),
        }
    }
}

/// `GET /` (the playground page) and `GET /playground/{asset}` (embedded assets).
pub fn router<S: Clone + Send + Sync + 'static>(settings: PlaygroundSettings) -> Router<S> {
    let page = Bytes::from(render_page(&settings));
    Router::new()
        .route(
            "/",
            get(move || {
                let page = page.clone();
                async move { page_response(page) }
            }),
        )
        .route("/playground/{asset}", get(serve_asset))
}

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const SVG: &str = "image/svg+xml";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Content-Security-Policy of the page: nothing may be loaded from, or sent to, another origin
/// (fonts and icons in the GraphiQL CSS are `data:` URIs; `ws:`/`wss:` is for subscriptions).
const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; \
     base-uri 'none'; form-action 'none'";

struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

/// Every file under `/playground/`. Paths are relative to this source file so they resolve
/// wherever the crate is built from.
const ASSETS: &[Asset] = &[
    Asset {
        name: "react.production.min.js",
        content_type: JS,
        bytes: include_bytes!("../../assets/graphiql/react.production.min.js"),
    },
    Asset {
        name: "react-dom.production.min.js",
        content_type: JS,
        bytes: include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    },
    Asset {
        name: "graphql-ws.min.js",
        content_type: JS,
        bytes: include_bytes!("../../assets/graphiql/graphql-ws.min.js"),
    },
    Asset { name: "graphiql.min.js", content_type: JS, bytes: include_bytes!("../../assets/graphiql/graphiql.min.js") },
    Asset {
        name: "graphiql.min.css",
        content_type: CSS,
        bytes: include_bytes!("../../assets/graphiql/graphiql.min.css"),
    },
    Asset { name: "playground.js", content_type: JS, bytes: include_bytes!("../../assets/playground/playground.js") },
    Asset {
        name: "playground.css",
        content_type: CSS,
        bytes: include_bytes!("../../assets/playground/playground.css"),
    },
    Asset { name: "favicon.svg", content_type: SVG, bytes: include_bytes!("../../assets/playground/favicon.svg") },
];

/// Strong ETags of [`ASSETS`] (same order): a SHA-256 prefix of the bytes, computed once.
static ETAGS: LazyLock<Vec<HeaderValue>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| {
            HeaderValue::from_str(&format!("\"{}\"", short_hash(asset.bytes))).expect("hex is a valid header value")
        })
        .collect()
});

/// (file name, text) of each example operation, in tab order. Each starts with a `# Title` line.
/// Adding a file to `assets/playground/examples/` needs a line here (a test checks they match).
pub const EXAMPLES: &[(&str, &str)] = &[
    ("01-fleet-overview.graphql", include_str!("../../assets/playground/examples/01-fleet-overview.graphql")),
    ("02-cost-and-tokens.graphql", include_str!("../../assets/playground/examples/02-cost-and-tokens.graphql")),
    ("03-traffic-and-latency.graphql", include_str!("../../assets/playground/examples/03-traffic-and-latency.graphql")),
    ("04-quality.graphql", include_str!("../../assets/playground/examples/04-quality.graphql")),
    ("05-agent-leaderboard.graphql", include_str!("../../assets/playground/examples/05-agent-leaderboard.graphql")),
    ("06-agent-detail.graphql", include_str!("../../assets/playground/examples/06-agent-detail.graphql")),
    (
        "07-conversation-explorer.graphql",
        include_str!("../../assets/playground/examples/07-conversation-explorer.graphql"),
    ),
    ("08-audit-feed.graphql", include_str!("../../assets/playground/examples/08-audit-feed.graphql")),
    ("09-users-and-roles.graphql", include_str!("../../assets/playground/examples/09-users-and-roles.graphql")),
    ("10-budget.graphql", include_str!("../../assets/playground/examples/10-budget.graphql")),
    ("11-sign-in.graphql", include_str!("../../assets/playground/examples/11-sign-in.graphql")),
    ("12-act-on-an-agent.graphql", include_str!("../../assets/playground/examples/12-act-on-an-agent.graphql")),
    ("13-live-dashboard.graphql", include_str!("../../assets/playground/examples/13-live-dashboard.graphql")),
    ("14-scenario-incident.graphql", include_str!("../../assets/playground/examples/14-scenario-incident.graphql")),
    ("15-session-sandbox.graphql", include_str!("../../assets/playground/examples/15-session-sandbox.graphql")),
    ("16-faults-and-latency.graphql", include_str!("../../assets/playground/examples/16-faults-and-latency.graphql")),
];

/// First 32 hex digits of the SHA-256 of `bytes`.
fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn page_response(page: Bytes) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_SECURITY_POLICY, PAGE_CSP),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        page,
    )
        .into_response()
}

async fn serve_asset(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let Some(index) = ASSETS.iter().position(|asset| asset.name == name) else {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "unknown playground asset\n",
        )
            .into_response();
    };
    let asset = &ASSETS[index];
    let etag = ETAGS[index].clone();
    let cache = HeaderValue::from_static(IMMUTABLE);

    if if_none_match_matches(&headers, &etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response.headers_mut().insert(header::ETAG, etag);
        response.headers_mut().insert(header::CACHE_CONTROL, cache);
        return response;
    }

    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type)),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ],
        Body::from(Bytes::from_static(asset.bytes)),
    )
        .into_response()
}

/// RFC 9110 §13.1.2: `*`, or any listed tag equal to `etag` under weak comparison.
fn if_none_match_matches(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let etag = etag.as_bytes();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag).as_bytes() == etag)
}

/// Ensures a configured endpoint is a root-relative path.
fn root_path(path: &str) -> String {
    if path.starts_with('/') { path.to_owned() } else { format!("/{path}") }
}

/// The `# Title` on an example's first line, or its file name without the extension.
fn example_title(file: &str, text: &str) -> String {
    text.lines()
        .next()
        .and_then(|line| line.strip_prefix('#'))
        .map(str::trim)
        .filter(|title| !title.is_empty())
        .unwrap_or_else(|| file.trim_end_matches(".graphql"))
        .to_owned()
}

/// JSON text made safe to place inside `<script type="application/json">`: no `<` (so no
/// `</script>` or `<!--`), `>` or `&`, and no U+2028/U+2029. The result parses to the same value.
fn json_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One example tab as the page opens it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tab {
    pub name: String,
    pub title: String,
    /// The example's text with its placeholders filled in.
    pub query: String,
    /// Its `# headers:` line (JSON), if any.
    pub headers: Option<String>,
    /// Its `# variables:` line (JSON), if any.
    pub variables: Option<String>,
}

/// The example tabs, placeholders filled in from `settings`.
pub fn tabs(settings: &PlaygroundSettings) -> Vec<Tab> {
    EXAMPLES
        .iter()
        .map(|(file, text)| {
            let text = settings.placeholders.iter().fold(text.to_string(), |t, (k, v)| t.replace(k, v));
            let directive = |name: &str| {
                text.lines().find_map(|l| l.strip_prefix(&format!("# {name}:")).map(|v| v.trim().to_string()))
            };
            Tab {
                name: file.trim_end_matches(".graphql").to_string(),
                title: example_title(file, &text),
                headers: directive("headers"),
                variables: directive("variables"),
                query: text,
            }
        })
        .collect()
}

/// The JSON config read by `playground.js`.
fn page_config(settings: &PlaygroundSettings) -> String {
    let examples: Vec<serde_json::Value> = tabs(settings)
        .into_iter()
        .map(|tab| {
            serde_json::json!({
                "name": tab.name,
                "title": tab.title,
                "query": tab.query,
                "headers": tab.headers,
                "variables": tab.variables,
            })
        })
        .collect();
    let all_examples: String = EXAMPLES.iter().map(|(_, text)| *text).collect();
    let config = serde_json::json!({
        "graphqlPath": root_path(&settings.graphql_path),
        "subscriptionPath": root_path(&settings.subscription_path),
        "storageNamespace": format!("agentmock-playground-{}", &short_hash(all_examples.as_bytes())[..12]),
        "examples": examples,
    });
    json_for_script(&config.to_string())
}

fn render_page(settings: &PlaygroundSettings) -> String {
    let title = escape_html(&settings.title);
    let config = page_config(settings);
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" type="image/svg+xml" href="/playground/favicon.svg">
<link rel="stylesheet" href="/playground/graphiql.min.css">
<link rel="stylesheet" href="/playground/playground.css">
<script id="playground-config" type="application/json">{config}</script>
</head>
<body>
<div id="graphiql"><p class="playground-loading">Loading the GraphiQL playground…<noscript> It needs JavaScript.</noscript></p></div>
<script src="/playground/react.production.min.js"></script>
<script src="/playground/react-dom.production.min.js"></script>
<script src="/playground/graphql-ws.min.js"></script>
<script src="/playground/graphiql.min.js"></script>
<script src="/playground/playground.js"></script>
</body>
</html>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;
    use tower::ServiceExt;

    async fn get_with(uri: &str, if_none_match: Option<&str>) -> Response {
        let mut request = Request::get(uri);
        if let Some(tag) = if_none_match {
            request = request.header(header::IF_NONE_MATCH, tag);
        }
        router::<()>(PlaygroundSettings::default()).oneshot(request.body(Body::empty()).unwrap()).await.unwrap()
    }

    async fn body_bytes(response: Response) -> Bytes {
        axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap()
    }

    async fn page() -> String {
        let response = get_with("/", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
        String::from_utf8(body_bytes(response).await.to_vec()).unwrap()
    }

    /// Values of `attr="..."` in every `<tag ...>` of `html`.
    fn attribute_values(html: &str, tag: &str, attr: &str) -> Vec<String> {
        let open = format!("<{tag}");
        let needle = format!(" {attr}=\"");
        html.match_indices(&open)
            .filter_map(|(start, _)| {
                let element = &html[start..start + html[start..].find('>').unwrap()];
                let value = &element[element.find(&needle)? + needle.len()..];
                Some(value[..value.find('"').unwrap()].to_owned())
            })
            .collect()
    }

    fn expected_content_type(path: &str) -> &'static str {
        match path.rsplit('.').next().unwrap() {
            "js" => JS,
            "css" => CSS,
            "svg" => SVG,
            other => panic!("unexpected asset extension {other}"),
        }
    }

    #[tokio::test]
    async fn every_referenced_asset_is_served() {
        let html = page().await;
        let mut refs = attribute_values(&html, "script", "src");
        let scripts = refs.len();
        refs.extend(attribute_values(&html, "link", "href"));
        assert_eq!(scripts, 5, "{refs:?}");
        assert_eq!(refs.len(), 8, "{refs:?}");
        for path in refs {
            assert!(path.starts_with("/playground/"), "{path}");
            let response = get_with(&path, None).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
            assert_eq!(response.headers()[header::CONTENT_TYPE], expected_content_type(&path), "{path}");
            assert_eq!(response.headers()[header::CACHE_CONTROL], IMMUTABLE);
            assert!(!body_bytes(response).await.is_empty(), "{path}");
        }
    }

    #[tokio::test]
    async fn page_references_no_remote_host() {
        let html = page().await;
        for scheme in ["http://", "https://", "ws://", "wss://"] {
            assert!(!html.contains(scheme), "page contains {scheme}");
        }
        for attr in ["src", "href"] {
            for tag in ["script", "link", "img", "a"] {
                for value in attribute_values(&html, tag, attr) {
                    assert!(value.starts_with('/') && !value.starts_with("//"), "{tag} {attr}={value}");
                }
            }
        }
        // No inline event handlers: no `on...=` attribute in any start tag.
        for (at, _) in html.match_indices('<') {
            let element = &html[at..at + html[at..].find('>').unwrap()];
            assert!(
                !element.split_whitespace().any(|attr| attr.starts_with("on") && attr.contains('=')),
                "inline event handler in {element}"
            );
        }
    }

    #[test]
    fn stylesheets_only_use_data_urls() {
        for asset in ASSETS.iter().filter(|asset| asset.content_type == CSS) {
            let css = std::str::from_utf8(asset.bytes).unwrap();
            assert!(!css.contains("@import"), "{}", asset.name);
            for (at, _) in css.match_indices("url(") {
                let target = css[at + 4..].trim_start_matches(['"', '\'']);
                let shown: String = target.chars().take(40).collect();
                assert!(target.starts_with("data:"), "{}: url({shown}", asset.name);
            }
        }
    }

    #[tokio::test]
    async fn etag_revalidation_gives_304() {
        let response = get_with("/playground/graphiql.min.js", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        let etag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.ends_with('"') && etag.len() == 34, "{etag}");

        let response = get_with("/playground/graphiql.min.js", Some(&etag)).await;
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(response.headers()[header::ETAG], etag.as_str());
        assert_eq!(response.headers()[header::CACHE_CONTROL], IMMUTABLE);
        assert!(body_bytes(response).await.is_empty());

        let listed = format!("\"nope\", W/{etag}");
        let response = get_with("/playground/graphiql.min.js", Some(&listed)).await;
        assert_eq!(response.status(), StatusCode::NOT_MODIFIED);

        let response = get_with("/playground/graphiql.min.js", Some("\"other\"")).await;
        assert_eq!(response.status(), StatusCode::OK);

        let other = get_with("/playground/graphiql.min.css", None).await;
        assert_ne!(other.headers()[header::ETAG], etag.as_str());
    }

    #[tokio::test]
    async fn unknown_asset_is_404() {
        for uri in
            ["/playground/nope.js", "/playground/graphiql.min.js.map", "/playground/", "/playground/..%2Fsrc%2Fmain.rs"]
        {
            let response = get_with(uri, None).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
        }
    }

    #[tokio::test]
    async fn every_example_is_embedded_in_the_page() {
        let html = page().await;
        for (file, text) in EXAMPLES {
            let escaped = json_for_script(&serde_json::to_string(text).unwrap());
            assert!(html.contains(&escaped), "{file} missing from the page");
            assert!(text.starts_with("# "), "{file} must start with a `# Title` line");
        }

        // The embedded config parses back to the example texts, in order.
        let start = html.find(r#"type="application/json">"#).unwrap() + 24;
        let end = start + html[start..].find("</script>").unwrap();
        let config: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
        let queries: Vec<&str> =
            config["examples"].as_array().unwrap().iter().map(|example| example["query"].as_str().unwrap()).collect();
        let texts: Vec<&str> = EXAMPLES.iter().map(|(_, text)| *text).collect();
        assert_eq!(queries, texts);
        assert_eq!(config["examples"][0]["title"], "Fleet overview");
        assert_eq!(config["graphqlPath"], "/graphql");
        assert_eq!(config["subscriptionPath"], "/graphql");
    }

    #[test]
    fn examples_list_matches_the_examples_directory() {
        let dir = std::path::Path::new(file!()).parent().unwrap().join("../../assets/playground/examples");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .filter(|name| name.ends_with(".graphql"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = EXAMPLES.iter().map(|(file, _)| *file).collect();
        assert_eq!(on_disk, listed, "add new example files to EXAMPLES");
    }

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let json = serde_json::to_string("</script><!-- & \u{2028}").unwrap();
        let safe = json_for_script(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!-- & \u{2028}");
    }

    #[tokio::test]
    async fn settings_are_applied_and_escaped() {
        let settings = PlaygroundSettings {
            graphql_path: "api/gql".to_owned(),
            subscription_path: "/ws".to_owned(),
            title: "<Mock> & \"co\"".to_owned(),
            placeholders: vec![("$ADMIN_EMAIL".to_owned(), "ada@example.com".to_owned())],
        };
        let response = router::<()>(settings).oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
        let html = String::from_utf8(body_bytes(response).await.to_vec()).unwrap();
        assert!(html.contains("<title>&lt;Mock&gt; &amp; &quot;co&quot;</title>"));
        assert!(html.contains(r#""graphqlPath":"/api/gql""#));
        assert!(html.contains(r#""subscriptionPath":"/ws""#));
    }
}
