//! Ids for the entries that `points add`, `void` and `redeem` write.
//!
//! An id is 10 characters of lowercase base32 (Crockford's alphabet
//! `0-9 a-z` without `i l o u`, so it reads aloud and types without
//! confusion), e.g. `k3v9q2mz7d`. It carries 50 random bits:
//!
//! - the bits come from hashing the process's OS-random seed (std's
//!   `RandomState`, drawn from the operating system once per process),
//!   the clock in nanoseconds, the process id and a per-process counter,
//!   then mixed with splitmix64. Two processes on one machine, or two clones
//!   of the book on two machines, draw independently, so ids made apart do
//!   not collide: with 100 000 entries in a book the chance that any two
//!   ids made on different clones are equal is about 1 in 200 000;
//! - within one book, every new id is also checked against every id already
//!   in the book (under the ledger lock) and drawn again on a clash;
//! - should two clones still produce the same id, `points check` reports it
//!   as a duplicate id after the merge.
//!
//! The id is the only field that differs between two recordings of the same
//! entry, so the same activity recorded on two clones shows up in `check` as
//! a likely double entry.
//!
//! `POINTS_ID_SEED=N` (for tests and demos, like `POINTS_TODAY`) makes the
//! sequence of ids repeatable: never set it when recording real entries.

use std::hash::{BuildHasher, Hasher};

/// How many characters an id has.
pub const LEN: usize = 10;

const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// Draws entry ids.
#[derive(Debug)]
pub struct IdGen {
    /// Random: OS-seeded; fixed: a repeatable seed.
    state: State,
    counter: u64,
}

#[derive(Debug)]
enum State {
    Random(std::collections::hash_map::RandomState),
    Fixed(u64),
}

impl IdGen {
    /// A generator seeded from the operating system, the clock and the process.
    pub fn random() -> IdGen {
        IdGen {
            state: State::Random(std::collections::hash_map::RandomState::new()),
            counter: 0,
        }
    }

    /// A repeatable generator (tests and demos only).
    pub fn seeded(seed: u64) -> IdGen {
        IdGen {
            state: State::Fixed(seed),
            counter: 0,
        }
    }

    /// `POINTS_ID_SEED` if set to a number, else random.
    pub fn from_env() -> IdGen {
        match std::env::var("POINTS_ID_SEED")
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
        {
            Some(seed) => IdGen::seeded(seed),
            None => IdGen::random(),
        }
    }

    /// The next id.
    pub fn next_id(&mut self) -> String {
        self.counter = self.counter.wrapping_add(1);
        let bits = match &self.state {
            State::Fixed(seed) => splitmix64(seed.wrapping_add(self.counter)),
            State::Random(rs) => {
                let mut h = rs.build_hasher();
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_nanos());
                h.write_u128(nanos);
                h.write_u32(std::process::id());
                h.write_u64(self.counter);
                splitmix64(h.finish())
            }
        };
        encode(bits)
    }
}

/// The low 50 bits of `bits` as 10 base32 characters.
fn encode(mut bits: u64) -> String {
    let mut s = String::with_capacity(LEN);
    for _ in 0..LEN {
        s.push(char::from(ALPHABET[(bits & 31) as usize]));
        bits >>= 5;
    }
    s
}

/// A well-mixing 64-bit permutation (Steele, Lea, Flood 2014).
fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_valid_short_and_distinct() {
        let mut g = IdGen::random();
        let ids: HashSet<String> = (0..10_000).map(|_| g.next_id()).collect();
        assert_eq!(ids.len(), 10_000);
        for id in &ids {
            assert_eq!(id.len(), LEN);
            assert!(crate::model::id::is_valid(id));
            assert!(id.bytes().all(|c| ALPHABET.contains(&c)));
        }
    }

    #[test]
    fn two_generators_differ() {
        let a: Vec<String> = {
            let mut g = IdGen::random();
            (0..100).map(|_| g.next_id()).collect()
        };
        let mut g = IdGen::random();
        let b: HashSet<String> = (0..100).map(|_| g.next_id()).collect();
        assert!(a.iter().all(|id| !b.contains(id)));
    }

    #[test]
    fn seeded_is_repeatable() {
        let mut a = IdGen::seeded(7);
        let mut b = IdGen::seeded(7);
        let x: Vec<String> = (0..5).map(|_| a.next_id()).collect();
        let y: Vec<String> = (0..5).map(|_| b.next_id()).collect();
        assert_eq!(x, y);
        assert_eq!(x.iter().collect::<HashSet<_>>().len(), 5);
    }
}
