//! Small, total accessors over lopdf objects: every lookup follows
//! references (a bounded number of hops) and answers `None` instead of an
//! error, because a damaged entry should cost that entry, not the page.

use lopdf::{Dictionary, Document, Object};

static NULL: Object = Object::Null;

/// Reference chains longer than this are treated as broken.
const MAX_HOPS: usize = 8;

/// Follows references; a dangling one gives `Null`.
pub(crate) fn resolve<'a>(doc: &'a Document, mut obj: &'a Object) -> &'a Object {
    for _ in 0..MAX_HOPS {
        match obj {
            Object::Reference(id) => match doc.objects.get(id) {
                Some(next) => obj = next,
                None => return &NULL,
            },
            _ => return obj,
        }
    }
    &NULL
}

/// A dictionary entry, references followed.
pub(crate) fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).ok().map(|o| resolve(doc, o)).filter(|o| !matches!(o, Object::Null))
}

/// The dictionary of a dictionary or stream object.
pub(crate) fn as_dict(obj: &Object) -> Option<&Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// A dictionary-valued (or stream-valued) entry.
pub(crate) fn get_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    get(doc, dict, key).and_then(as_dict)
}

/// A name-valued entry.
pub(crate) fn get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    get(doc, dict, key).and_then(|o| o.as_name().ok())
}

/// An array-valued entry.
pub(crate) fn get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    get(doc, dict, key).and_then(|o| o.as_array().ok()).map(Vec::as_slice)
}

/// A number, integer or real, finite.
pub(crate) fn num(doc: &Document, obj: &Object) -> Option<f64> {
    match resolve(doc, obj) {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) if r.is_finite() => Some(f64::from(*r)),
        _ => None,
    }
}

/// A number-valued entry.
pub(crate) fn get_num(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    dict.get(key).ok().and_then(|o| num(doc, o))
}

/// An array of numbers (a rectangle, a matrix); `None` if any is not a number.
pub(crate) fn nums(doc: &Document, arr: &[Object]) -> Option<Vec<f64>> {
    arr.iter().map(|o| num(doc, o)).collect()
}

/// The decoded bytes of a stream object, at most `limit` of them.
pub(crate) fn stream_bytes(doc: &Document, obj: &Object, limit: usize) -> Option<Vec<u8>> {
    match resolve(doc, obj) {
        Object::Stream(s) => s.get_plain_content_with_limit(limit).ok(),
        _ => None,
    }
}
