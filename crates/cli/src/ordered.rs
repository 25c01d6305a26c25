//! A parallel map whose results are consumed in input order, with at most a
//! fixed number of items computed but not yet consumed.
//!
//! Why a sliding window rather than chunks: with chunks, the workers idle
//! while the slowest file of a chunk finishes and again while the chunk is
//! written. Here item `i + window` is started as soon as item `i` has been
//! consumed, so the workers stay busy while the consumer writes, and only a
//! file slower than a whole window's worth of others holds the rest back.
//! Finished items wait in a reorder buffer until every earlier one is
//! consumed; the window bounds that buffer, hence memory, whatever the
//! number of items. The order of consumption is the input order whatever the
//! thread count, which is what makes the output byte-identical at any `-j`.
#![forbid(unsafe_code)]

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::mpsc;
use std::time::Duration;

use thiserror::Error;

/// Why a parallel run could not start.
#[derive(Debug, Error)]
#[error("cannot start {threads} worker threads: {source}")]
pub struct PoolError {
    /// Threads asked for (0: one per core).
    pub threads: usize,
    /// The underlying error.
    pub source: rayon::ThreadPoolBuildError,
}

/// Items in flight per worker thread: enough that a worker finding its next
/// item is never held up by the consumer, few enough that memory stays small.
pub const ITEMS_PER_THREAD: usize = 4;

/// Runs `work(i)` for every `i` in `0..count` on a pool of `jobs` threads
/// (default: one per core; with one, on the calling thread) and calls
/// `consume(i, result)` in order `0, 1, 2, …`, on one of the pool's threads
/// (which computes items too while it waits; the calling thread sleeps). Stops
/// at the first error `consume` returns (items already started finish and
/// are dropped). `work` must not panic: callers guard it, as a panicking
/// item would never be consumed.
pub fn for_each_ordered<T, E>(
    count: usize,
    jobs: Option<NonZeroUsize>,
    work: impl Fn(usize) -> T + Sync,
    mut consume: impl FnMut(usize, T) -> Result<(), E> + Send,
) -> Result<Result<(), E>, PoolError>
where
    T: Send,
    E: Send,
{
    let threads = jobs.map_or(0, NonZeroUsize::get);
    if threads == 1 {
        // One thread: run each item on the calling thread. A pool thread
        // beside it would only add a hand-over (a wake-up and a sleep) per
        // item, and -j 1 promises one core's worth of work.
        return Ok((0..count).try_for_each(|i| consume(i, work(i))));
    }
    // A pool of our own, so -j is honoured without touching rayon's global pool.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|source| PoolError { threads, source })?;
    let window = pool.current_num_threads() * ITEMS_PER_THREAD;
    let work = &work;
    // The consumer runs on one of the pool's threads and, while the item it
    // needs next is not done, computes items itself instead of sleeping.
    // Waiting in another thread beside the pool cost a wake-up, and on a
    // busy machine a switch away from a worker, per item: 5% of the time
    // of a -j 2 run over small files.
    Ok(pool.install(|| {
        rayon::scope_fifo(|scope| {
            let (sender, receiver) = mpsc::channel::<(usize, T)>();
            let start = |i: usize| {
                let sender = sender.clone();
                // First in, first out, so that this thread, when it lends a
                // hand, takes the oldest item, the one consumed soonest. The
                // receiver is gone only when consuming stopped on an error.
                scope.spawn_fifo(move |_| drop(sender.send((i, work(i)))));
            };
            (0..count.min(window)).for_each(start);
            let mut ready = BTreeMap::new();
            for next in 0..count {
                let value = loop {
                    if let Some(value) = ready.remove(&next) {
                        break value;
                    }
                    let (i, value) = next_result(&receiver);
                    ready.insert(i, value);
                };
                consume(next, value)?;
                if next + window < count {
                    start(next + window);
                }
            }
            Ok(())
        })
    }))
}

/// The next finished item, computing items not yet started on this thread
/// while none is. Sleeps only when every item in flight is taken, and then
/// wakes now and then in case one of them shares its work out (a large
/// PDF's pages), so that this thread helps with that too.
fn next_result<T>(receiver: &mpsc::Receiver<(usize, T)>) -> (usize, T) {
    // Never disconnected: the caller holds a sender while it asks.
    const HELD: &str = "the consumer holds a sender";
    loop {
        match receiver.try_recv() {
            Ok(result) => return result,
            Err(mpsc::TryRecvError::Disconnected) => unreachable!("{HELD}"),
            Err(mpsc::TryRecvError::Empty) => {}
        }
        if rayon::yield_now() == Some(rayon::Yield::Executed) {
            continue;
        }
        match receiver.recv_timeout(IDLE_POLL) {
            Ok(result) => return result,
            Err(mpsc::RecvTimeoutError::Disconnected) => unreachable!("{HELD}"),
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
    }
}

/// How long the consumer sleeps, when it has nothing to do, before it looks
/// for work again.
const IDLE_POLL: Duration = Duration::from_millis(2);

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Mutex;
    use std::thread::{self, ThreadId};

    #[test]
    fn results_come_in_input_order_at_any_thread_count() {
        for jobs in [1, 3, 8] {
            let mut seen = Vec::new();
            let work = |i: usize| {
                // Early items finish last.
                std::thread::sleep(Duration::from_micros(((50 - i % 50) * 20) as u64));
                i * 10
            };
            let done = for_each_ordered(200, NonZeroUsize::new(jobs), work, |i, v| {
                seen.push((i, v));
                Ok::<(), ()>(())
            });
            assert!(matches!(done, Ok(Ok(()))));
            assert_eq!(seen, (0..200).map(|i| (i, i * 10)).collect::<Vec<_>>(), "-j {jobs}");
        }
    }

    #[test]
    fn a_consumer_error_stops_the_run() {
        let mut consumed = 0;
        let done = for_each_ordered(1000, NonZeroUsize::new(2), |i| i, |i, _| {
            consumed += 1;
            if i == 5 {
                Err("full disk")
            } else {
                Ok(())
            }
        });
        assert_eq!(done.unwrap(), Err("full disk"));
        assert_eq!(consumed, 6);
    }

    /// `-j N` means N threads in all: the consumer is one of them and
    /// computes items too, and every item, wherever it runs, sees the pool
    /// of N (a large PDF shares its pages out within it, not over every core).
    #[test]
    fn the_consumer_is_one_of_the_jobs_threads() {
        let workers: Mutex<HashSet<ThreadId>> = Mutex::new(HashSet::new());
        let mut consumers = HashSet::new();
        let work = |i: usize| {
            workers.lock().unwrap().insert(thread::current().id());
            thread::sleep(Duration::from_micros(200));
            (i, rayon::current_num_threads())
        };
        let done = for_each_ordered(100, NonZeroUsize::new(2), work, |i, (item, pool)| {
            consumers.insert(thread::current().id());
            assert_eq!((item, pool), (i, 2));
            Ok::<(), ()>(())
        });
        assert!(matches!(done, Ok(Ok(()))));
        let workers = workers.into_inner().unwrap();
        assert_eq!(consumers.len(), 1);
        assert!(workers.is_superset(&consumers), "the consumer computed no item");
        assert!(workers.len() <= 2, "{} threads computed items at -j 2", workers.len());
        assert!(!consumers.contains(&thread::current().id()), "consumed outside the pool");
    }
}
