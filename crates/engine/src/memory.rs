//! Returning memory to the operating system after a fact base is loaded.
//!
//! Parsing a large fact base allocates several times its final size in temporaries. glibc's
//! allocator keeps what they freed inside the process (resident) unless asked to give it
//! back; at 100,000 facts that is a third of the bot's resident memory.
//! [`Engine::load`](crate::Engine::load) calls [`release_freed`] once the engine is built.

/// Gives memory the allocator holds but nothing uses back to the operating system.
/// A no-op where the allocator is not glibc's.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of glibc's allocator, which this
    // program uses; it takes no pointers and may be called at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
