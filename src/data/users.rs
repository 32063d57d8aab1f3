//! Users: people who sign in to the dashboard, with the seed's role quotas
//! (2 admins, 4 operators, 4 viewers per 10).

use std::collections::BTreeSet;

use chrono::TimeDelta;
use rand::RngExt;
use rand::seq::IndexedRandom;

use super::calendar::{SECONDS_PER_DAY, Window};
use super::catalogue::Role;
use super::model::User;
use super::rng::{Streams, quota, shuffled_quota, uuid_v4};

/// Role shares: 2 admins, 4 operators, 4 viewers per 10 users.
pub const ROLE_SHARES: [f64; 3] = [0.2, 0.4, 0.4];

/// Everyone's mail domain (reserved for documentation, so no real inbox).
pub const EMAIL_DOMAIN: &str = "example.com";

/// Given names users carry (common in the US workforce, of several origins).
pub const FIRST_NAMES: [&str; 102] = [
    "James",
    "Mary",
    "Michael",
    "Jennifer",
    "David",
    "Sarah",
    "Robert",
    "Jessica",
    "John",
    "Ashley",
    "William",
    "Emily",
    "Daniel",
    "Amanda",
    "Christopher",
    "Elizabeth",
    "Matthew",
    "Melissa",
    "Joseph",
    "Michelle",
    "Andrew",
    "Stephanie",
    "Joshua",
    "Nicole",
    "Brian",
    "Lauren",
    "Kevin",
    "Rachel",
    "Ryan",
    "Megan",
    "Thomas",
    "Rebecca",
    "Jason",
    "Laura",
    "Eric",
    "Katherine",
    "Mark",
    "Hannah",
    "Steven",
    "Samantha",
    "Justin",
    "Emma",
    "Anthony",
    "Olivia",
    "Brandon",
    "Danielle",
    "Jonathan",
    "Christina",
    "Benjamin",
    "Maria",
    "Adam",
    "Priya",
    "Nathan",
    "Alicia",
    "Aaron",
    "Grace",
    "Carlos",
    "Ana",
    "Luis",
    "Sofia",
    "Jose",
    "Gabriela",
    "Wei",
    "Mei",
    "Raj",
    "Anjali",
    "Omar",
    "Fatima",
    "Kwame",
    "Aisha",
    "Marcus",
    "Tanya",
    "Derek",
    "Kristen",
    "Patrick",
    "Erin",
    "Sean",
    "Kelly",
    "Tyler",
    "Heather",
    "Kyle",
    "Caroline",
    "Jordan",
    "Alexis",
    "Scott",
    "Natalie",
    "Gregory",
    "Monica",
    "Paul",
    "Diana",
    "Peter",
    "Julia",
    "Jacob",
    "Vanessa",
    "Ethan",
    "Chloe",
    "Hiroshi",
    "Yuki",
    "Dmitri",
    "Elena",
    "Mateo",
    "Camila",
];

/// Surnames users carry (common US surnames, of several origins).
pub const LAST_NAMES: [&str; 104] = [
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Patel",
    "Shah",
    "Kim",
    "Chen",
    "Wang",
    "Singh",
    "Cohen",
    "Murphy",
    "Sullivan",
    "Brennan",
    "Okafor",
    "Mensah",
    "Park",
    "Tanaka",
    "Ivanova",
    "Novak",
    "Schmidt",
    "Becker",
    "Russo",
    "Romano",
    "Fischer",
    "Larsen",
    "Lindqvist",
    "Reyes",
    "Morales",
    "Ortiz",
    "Gutierrez",
    "Chavez",
    "Ward",
    "Cooper",
    "Reed",
    "Bailey",
    "Bell",
    "Howard",
    "Brooks",
    "Gray",
    "Hughes",
    "Price",
    "Bennett",
    "Wood",
    "Barnes",
    "Ross",
    "Henderson",
    "Coleman",
    "Jenkins",
    "Powell",
    "Long",
    "Foster",
    "Sanders",
    "Fleming",
    "Dawson",
    "Hayes",
    "Myers",
    "Ford",
];

/// Exact role counts for `n` users, in [`Role::ALL`] order.
pub fn role_counts(n: usize) -> Vec<usize> {
    quota(n, &ROLE_SHARES)
}

pub fn generate(streams: &Streams, window: &Window, n: usize) -> Vec<User> {
    let mut ids = streams.family("users.ids");
    let roles = shuffled_quota(&mut streams.family("users.roles"), &Role::ALL, &role_counts(n));
    let mut emails = BTreeSet::new();
    let mut names = BTreeSet::new();
    roles
        .into_iter()
        .enumerate()
        .map(|(i, role)| {
            let mut rng = streams.record("users", i as u64);
            // Names a US team has: common given names of people now 25-60
            // and common surnames, a full name never twice.
            let (first, last) = loop {
                let first = *FIRST_NAMES.choose(&mut rng).unwrap_or(&FIRST_NAMES[0]);
                let last = *LAST_NAMES.choose(&mut rng).unwrap_or(&LAST_NAMES[0]);
                if names.insert((first, last)) || names.len() >= FIRST_NAMES.len() * LAST_NAMES.len() {
                    break (first, last);
                }
            };
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
