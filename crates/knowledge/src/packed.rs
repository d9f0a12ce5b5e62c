//! [`Text`] and [`TextList`]: the fact base's immutable strings and lists, packed into shared
//! buffers once loaded ([`Packer`], [`ListPacker`]).
//!
//! A fact base is hundreds of thousands of short strings. Held as `String`s, each is its own
//! heap allocation with its allocator overhead, and the allocations freed while parsing are
//! left as holes between them: at 100,000 facts, twice the text's size in memory. Once the
//! base is validated, every string is copied into a few large buffers and each `Text` points
//! at its range; an excerpt, which stands verbatim in its source document, points into that
//! document's text and costs no copy at all.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An immutable string: a range of a shared buffer. Reads as a `&str` (it derefs to one);
/// compares, hashes and prints as its text.
#[derive(Clone)]
pub struct Text {
    buf: Arc<str>,
    start: u32,
    len: u32,
}

impl Text {
    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        // Ranges are made only by `From` (the whole buffer), `slice` and `Packer`, which
        // check that they fall on character boundaries.
        &self.buf[self.start as usize..(self.start + self.len) as usize]
    }

    /// The part `start..start + len` of this text, sharing its buffer; `None` when that is
    /// not a range of it on character boundaries.
    pub fn slice(&self, start: usize, len: usize) -> Option<Text> {
        self.as_str().get(start..start.checked_add(len)?)?;
        Some(Text {
            buf: self.buf.clone(),
            start: self.start + start as u32,
            len: len as u32,
        })
    }

    /// Whether both texts are ranges of the same buffer.
    pub fn shares_buffer(&self, other: &Text) -> bool {
        Arc::ptr_eq(&self.buf, &other.buf)
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::from("")
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::from(Arc::<str>::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::from(Arc::<str>::from(s))
    }
}

impl From<Arc<str>> for Text {
    /// The whole buffer. Panics past 4 GiB, which no knowledge file reaches (the loader
    /// refuses files over [`super::MAX_FILE_BYTES`]).
    fn from(buf: Arc<str>) -> Text {
        let len = u32::try_from(buf.len()).expect("a text under 4 GiB");
        Text { buf, start: 0, len }
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Hash for Text {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        /// Takes the string as the parser has it, borrowed where it can: one allocation
        /// per string, not a `String` and then its copy.
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Text, E> {
                Ok(Text::from(s))
            }
        }
        d.deserialize_str(Visitor)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Largest shared buffer `Packer` fills (a text longer than this gets one of its own).
const CHUNK: usize = 16 << 20;

/// Copies many texts into a few shared buffers, in two passes over the same texts in the same
/// order: [`Packer::add`] each, then [`Packer::finish`] and [`Packed::bind`] each.
#[derive(Default)]
pub(crate) struct Packer {
    chunks: Vec<String>,
    /// Where each added text went: (chunk, start).
    places: Vec<(u32, u32)>,
}

impl Packer {
    /// Copies one text into the current buffer.
    pub(crate) fn add(&mut self, t: &str) {
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.len() + t.len() <= CHUNK);
        if !fits {
            self.chunks
                .push(String::with_capacity(CHUNK.min(t.len().max(1 << 16))));
        }
        let n = self.chunks.len() - 1;
        let chunk = &mut self.chunks[n];
        if chunk.capacity() - chunk.len() < t.len() {
            chunk.reserve(t.len());
        }
        self.places.push((n as u32, chunk.len() as u32));
        chunk.push_str(t);
    }

    /// The buffers, ready to bind the texts to, in the order they were added.
    pub(crate) fn finish(self) -> Packed {
        Packed {
            chunks: self.chunks.into_iter().map(Arc::<str>::from).collect(),
            places: self.places,
            next: 0,
        }
    }
}

/// Buffers filled by a [`Packer`].
pub(crate) struct Packed {
    chunks: Vec<Arc<str>>,
    places: Vec<(u32, u32)>,
    next: usize,
}

impl Packed {
    /// Points the next text (in the order of [`Packer::add`]) at its copy.
    pub(crate) fn bind(&mut self, t: &mut Text) {
        let (chunk, start) = self.places[self.next];
        self.next += 1;
        *t = Text {
            buf: self.chunks[chunk as usize].clone(),
            start,
            len: t.len,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_texts_read_as_before_and_share_buffers() {
        let mut texts: Vec<Text> = ["", "Blinken", "Путин", "ə → a", ""]
            .into_iter()
            .map(Text::from)
            .collect();
        let before: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        let mut p = Packer::default();
        for t in &texts {
            p.add(t);
        }
        let mut packed = p.finish();
        for t in &mut texts {
            packed.bind(t);
        }
        let after: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        assert_eq!(before, after);
        assert!(texts.windows(2).all(|w| w[0].shares_buffer(&w[1])));
    }

    #[test]
    fn slices_fall_on_character_boundaries() {
        let t = Text::from("Путин said");
        assert_eq!(t.slice(0, 10).as_deref(), Some("Путин"));
        assert_eq!(t.slice(1, 4), None, "inside a character");
        assert_eq!(t.slice(11, 4).as_deref(), Some("said"));
        assert_eq!(t.slice(11, 5), None, "past the end");
        assert_eq!(t.slice(usize::MAX, 2), None);
        let inner = t.slice(11, 4).and_then(|s| s.slice(1, 2));
        assert_eq!(inner.as_deref(), Some("ai"));
        assert!(inner.is_some_and(|i| i.shares_buffer(&t)));
    }

    #[test]
    fn compares_and_hashes_as_its_text() {
        use std::collections::HashMap;
        let mut m: HashMap<Text, u32> = HashMap::new();
        m.insert(Text::from("putin"), 1);
        assert_eq!(m.get("putin"), Some(&1));
        assert_eq!(Text::from("a"), "a");
        assert_eq!(
            Text::from("a").cmp(&Text::from("b")),
            std::cmp::Ordering::Less
        );
        assert_eq!(format!("{:?}", Text::from("x\"")), "\"x\\\"\"");
    }
}

/// An immutable list of [`Text`]s (aliases, speakers): a range of a shared array, so that a
/// loaded fact base holds one array per kind of fact rather than one small allocation per fact.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TextList {
    items: Arc<[Text]>,
    start: u32,
    len: u32,
}

impl TextList {
    /// The texts as a slice.
    pub fn as_slice(&self) -> &[Text] {
        &self.items[self.start as usize..(self.start + self.len) as usize]
    }

    /// Whether the list has no texts.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Calls `f` on each text, first copying the list if its array is shared.
    pub(crate) fn each_mut(&mut self, f: &mut dyn FnMut(&mut Text)) {
        if Arc::get_mut(&mut self.items).is_none() {
            *self = TextList::from(self.as_slice().to_vec());
        }
        let (start, end) = (self.start as usize, (self.start + self.len) as usize);
        if let Some(items) = Arc::get_mut(&mut self.items) {
            items[start..end].iter_mut().for_each(f);
        }
    }
}

impl From<Vec<Text>> for TextList {
    fn from(v: Vec<Text>) -> TextList {
        let len = u32::try_from(v.len()).expect("a list under 4 billion texts");
        TextList {
            items: v.into(),
            start: 0,
            len,
        }
    }
}

impl Deref for TextList {
    type Target = [Text];
    fn deref(&self) -> &[Text] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a TextList {
    type Item = &'a Text;
    type IntoIter = std::slice::Iter<'a, Text>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl fmt::Debug for TextList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TextList, D::Error> {
        Vec::<Text>::deserialize(d).map(TextList::from)
    }
}

impl Serialize for TextList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(s)
    }
}

/// Moves many lists into one shared array: [`ListPacker::add`] each, then
/// [`ListPacker::finish`] and [`PackedLists::bind`] each, in the same order.
#[derive(Default)]
pub(crate) struct ListPacker {
    items: Vec<Text>,
}

impl ListPacker {
    /// Copies one list (its texts are reference-counted: no string is copied).
    pub(crate) fn add(&mut self, l: &TextList) {
        self.items.extend_from_slice(l.as_slice());
    }

    /// The shared array.
    pub(crate) fn finish(self) -> PackedLists {
        PackedLists {
            items: self.items.into(),
            next: 0,
        }
    }
}

/// The array a [`ListPacker`] filled.
pub(crate) struct PackedLists {
    items: Arc<[Text]>,
    next: u32,
}

impl PackedLists {
    /// Points the next list (in the order of [`ListPacker::add`]) at its range.
    pub(crate) fn bind(&mut self, l: &mut TextList) {
        *l = TextList {
            items: self.items.clone(),
            start: self.next,
            len: l.len,
        };
        self.next += l.len;
    }
}

impl<T: Into<Text>> FromIterator<T> for TextList {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> TextList {
        TextList::from(iter.into_iter().map(Into::into).collect::<Vec<Text>>())
    }
}
