//! The committed `schema.graphql` is the served SDL, byte for byte, and
//! the committed client cache configuration (`clients/`) is generated from
//! it. Run `UPDATE_SCHEMA=1 cargo test --test it schema` to rewrite them
//! after a deliberate schema change.

use std::path::Path;
use std::process::Command;

fn committed_path() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql"))
}

/// Compares a committed file with what it should hold; rewrites it with
/// `UPDATE_SCHEMA=1`.
fn ensure_committed(relative: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, expected).unwrap_or_else(|e| panic!("write {relative}: {e}"));
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{relative} is stale: run `UPDATE_SCHEMA=1 cargo test --test it schema` and commit the result"
    );
}

#[test]
fn committed_client_cache_configuration_is_current() {
    let sdl = agentmock::graphql::sdl();
    let files = [
        ("clients/apollo-type-policies.js", agentmock::graphql::clients::apollo_type_policies(&sdl)),
        ("clients/urql-keys.js", agentmock::graphql::clients::urql_cache_config(&sdl)),
    ];
    let mut page = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(API_PAGE)).expect(API_PAGE);
    for (path, text) in &files {
        ensure_committed(path, text);
        page = quoted(&page, path, text);
    }
    // The API page quotes both files whole.
    ensure_committed(API_PAGE, &page);
}

/// The page that quotes the client cache configuration.
const API_PAGE: &str = "docs/api.md";

/// `page` with the fenced block after `<!-- quoted: path -->` holding `text`.
fn quoted(page: &str, path: &str, text: &str) -> String {
    let marker = format!("<!-- quoted: {path} -->\n```js\n");
    let start =
        page.find(&marker).unwrap_or_else(|| panic!("{API_PAGE} quotes {path} after `{marker}`")) + marker.len();
    let end = start + page[start..].find("```\n").unwrap_or_else(|| panic!("{API_PAGE}: {path}'s block ends"));
    format!("{}{text}{}", &page[..start], &page[end..])
}

#[test]
fn committed_schema_is_current() {
    let sdl = agentmock::graphql::sdl();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(committed_path(), &sdl).expect("write schema.graphql");
        return;
    }
    let committed = std::fs::read_to_string(committed_path()).unwrap_or_default();
    assert!(
        committed == sdl,
        "schema.graphql is stale: run `UPDATE_SCHEMA=1 cargo test --test it schema` and commit the result"
    );
}

#[test]
fn the_schema_subcommand_prints_the_committed_sdl() {
    let output = Command::new(env!("CARGO_BIN_EXE_agentmock")).arg("schema").output().expect("run agentmock schema");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stdout), agentmock::graphql::sdl());
}

#[test]
fn every_type_and_field_is_documented() {
    let sdl = agentmock::graphql::sdl();
    let mut undocumented = Vec::new();
    let mut previous = "";
    let mut in_schema_block = false;
    let mut in_description = false;
    for line in sdl.lines() {
        let trimmed = line.trim();
        if trimmed == "\"\"\"" {
            in_description = !in_description;
            previous = trimmed;
            continue;
        }
        if in_description {
            continue;
        }
        if trimmed.starts_with("schema {") {
            in_schema_block = true;
        }
        if in_schema_block {
            in_schema_block = trimmed != "}";
            continue;
        }
        let declares_type =
            ["type ", "input ", "enum ", "interface ", "union ", "scalar "].iter().any(|k| trimmed.starts_with(k));
        let declares_field =
            line.starts_with("\t") && !line.starts_with("\t\t") && trimmed.contains(':') && !trimmed.starts_with('"');
        let documented = previous.ends_with("\"\"\"") || previous.ends_with('"');
        if (declares_type || declares_field) && !documented {
            undocumented.push(trimmed.to_string());
        }
        previous = trimmed;
    }
    assert!(undocumented.is_empty(), "undocumented: {undocumented:#?}");
}
