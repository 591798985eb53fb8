//! Hands freed heap back to the operating system.
//!
//! Every worker registers its routes through utoipa, which assembles the
//! OpenAPI paths of every endpoint and drops them once the app is built:
//! several megabytes per worker that glibc keeps in the worker thread's arena
//! for later, though nothing later needs them. Trimming once after the build
//! roughly halves the idle server's resident memory (docs/performance.md).

/// Returns the heap's free pages to the kernel (glibc only; elsewhere the
/// allocator is left to its own policy).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn release_free_heap() {
    // SAFETY: malloc_trim only gives free pages back to the kernel; it moves
    // and frees no live allocation, and glibc locks each arena while it works.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_free_heap() {}
