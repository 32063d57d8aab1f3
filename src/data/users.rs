//! Users: people who sign in to the dashboard, with the seed's role quotas
//! (2 admins, 4 operators, 4 viewers per 10).

use std::collections::BTreeSet;

use chrono::TimeDelta;
use fake::Fake;
use fake::faker::name::en::{FirstName, LastName};
use rand::RngExt;

use super::calendar::{SECONDS_PER_DAY, Window};
use super::catalogue::Role;
use super::model::User;
use super::rng::{Streams, quota, shuffled_quota, uuid_v4};

/// Role shares: 2 admins, 4 operators, 4 viewers per 10 users.
pub const ROLE_SHARES: [f64; 3] = [0.2, 0.4, 0.4];

/// Everyone's mail domain (reserved for documentation, so no real inbox).
pub const EMAIL_DOMAIN: &str = "example.com";

/// Exact role counts for `n` users, in [`Role::ALL`] order.
pub fn role_counts(n: usize) -> Vec<usize> {
    quota(n, &ROLE_SHARES)
}

pub fn generate(streams: &Streams, window: &Window, n: usize) -> Vec<User> {
    let mut ids = streams.family("users.ids");
    let roles = shuffled_quota(&mut streams.family("users.roles"), &Role::ALL, &role_counts(n));
    let mut emails = BTreeSet::new();
    roles
        .into_iter()
        .enumerate()
        .map(|(i, role)| {
            let mut rng = streams.record("users", i as u64);
            let first: &str = FirstName().fake_with_rng(&mut rng);
            let last: &str = LastName().fake_with_rng(&mut rng);
            // Everyone joined before the oldest agent (at most a year old) was created.
            let joined = rng.random_range(366 * SECONDS_PER_DAY..730 * SECONDS_PER_DAY);
            User {
                id: uuid_v4(&mut ids),
                name: format!("{first} {last}"),
                email: unique_email(&mut emails, first, last),
                role,
                created_at: window.anchor - TimeDelta::seconds(joined),
            }
        })
        .collect()
}

/// `first.last@example.com`, numbered from 2 when taken.
fn unique_email(taken: &mut BTreeSet<String>, first: &str, last: &str) -> String {
    let local: String = format!("{first}.{last}")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect::<String>()
        .to_ascii_lowercase();
    let mut candidate = format!("{local}@{EMAIL_DOMAIN}");
    let mut number = 2;
    while taken.contains(&candidate) {
        candidate = format!("{local}{number}@{EMAIL_DOMAIN}");
        number += 1;
    }
    taken.insert(candidate.clone());
    candidate
}
