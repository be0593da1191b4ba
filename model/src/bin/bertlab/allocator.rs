//! The CPU backend allocates a fresh buffer for every tensor it makes, up to 125 MB for a batch's
//! MLM logits. With glibc's allocator, freed buffers went back to the kernel (on rayon's
//! workers, through a secondary arena that trims at once; above 32 MB, always), so the next
//! step page-faulted the same memory in again, zeroed: a quarter of a tiny training step's time
//! (BENCHMARKS.md, "The 2× training regression"). mimalloc keeps and reuses them; told never to
//! purge, the command holds at most the peak it already reached.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in the `mi_option_e` enum of mimalloc 3's `mimalloc.h` (the crate
/// exports no constant for it); -1 means "never purge".
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keep freed memory in the process for reuse instead of returning it to the system.
pub fn keep_freed_memory() {
    // SAFETY: sets one allocator option; valid at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
    debug_assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, -1);
}
