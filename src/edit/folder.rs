//! The folder an edit writes in, held open: every step after opening it (reading the file,
//! creating the spare, renaming it over the file) is made relative to that handle, with no
//! link followed, so a link swapped in for a folder or the file while the edit runs cannot
//! send the write anywhere else. On systems without these calls, the same steps go by path.

use std::fs::File;
use std::io;

/// A link, or something else that is not what the edit may write.
pub fn not_here(what: &str) -> io::Error {
    io::Error::other(format!("{what} is a link or not a regular file or folder"))
}

#[cfg(unix)]
mod imp {
    use std::ffi::CString;
    use std::fs::File;
    use std::io::{self, Read};
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    use super::not_here;

    /// A folder under the dossier, opened through no link.
    pub struct Folder {
        fd: OwnedFd,
    }

    fn c(name: &str) -> io::Result<CString> {
        CString::new(name).map_err(|_| io::Error::other("a name with a NUL byte"))
    }

    fn checked(fd: libc::c_int, what: &str) -> io::Result<OwnedFd> {
        if fd < 0 {
            let error = io::Error::last_os_error();
            return Err(match error.raw_os_error() {
                Some(libc::ELOOP | libc::ENOTDIR) => not_here(what),
                _ => error,
            });
        }
        // SAFETY: `fd` was just returned by the system and is owned by no one else.
        Ok(unsafe { OwnedFd::from_raw_fd(fd) })
    }

    impl Folder {
        /// Opens `folders` (relative, `/`-separated) under `root`, refusing any that is a link.
        pub fn open(root: &Path, folders: &str) -> io::Result<Folder> {
            let root = File::open(root)?;
            let mut fd: OwnedFd = root.into();
            for part in folders.split('/').filter(|p| !p.is_empty()) {
                let name = c(part)?;
                // SAFETY: `fd` is an open folder and `name` a NUL-terminated string.
                let next = unsafe {
                    libc::openat(
                        fd.as_raw_fd(),
                        name.as_ptr(),
                        libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC,
                    )
                };
                fd = checked(next, &format!("`{part}`"))?;
            }
            Ok(Folder { fd })
        }

        /// The folder as a file, for locking it.
        pub fn handle(&self) -> io::Result<File> {
            Ok(File::from(self.fd.try_clone()?))
        }

        fn open_file(
            &self,
            name: &str,
            flags: libc::c_int,
            mode: libc::mode_t,
        ) -> io::Result<File> {
            let cname = c(name)?;
            // SAFETY: as above; `mode` is only read with O_CREAT.
            let fd = unsafe {
                libc::openat(
                    self.fd.as_raw_fd(),
                    cname.as_ptr(),
                    flags | libc::O_NOFOLLOW | libc::O_CLOEXEC,
                    libc::c_uint::from(mode),
                )
            };
            Ok(File::from(checked(fd, &format!("`{name}`"))?))
        }

        /// The file's bytes and its permission bits, `None` when there is none; an error when
        /// it is a link or not a regular file.
        pub fn read(&self, name: &str) -> io::Result<Option<(Vec<u8>, u32)>> {
            let mut file = match self.open_file(name, libc::O_RDONLY, 0) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
                Err(e) => return Err(e),
            };
            let meta = file.metadata()?;
            if !meta.is_file() {
                return Err(not_here(&format!("`{name}`")));
            }
            let mut bytes = Vec::with_capacity(meta.len() as usize);
            file.read_to_end(&mut bytes)?;
            Ok(Some((bytes, meta.permissions().mode() & 0o7777)))
        }

        /// A new file, created here and now (never an existing name or a planted link),
        /// readable and writable by its owner only until its mode is set.
        pub fn create_new(&self, name: &str) -> io::Result<File> {
            self.open_file(name, libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL, 0o600)
        }

        pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
            let (from, to) = (c(from)?, c(to)?);
            // SAFETY: both names are NUL-terminated and relative to the same open folder.
            let done = unsafe {
                libc::renameat(
                    self.fd.as_raw_fd(),
                    from.as_ptr(),
                    self.fd.as_raw_fd(),
                    to.as_ptr(),
                )
            };
            if done == 0 {
                Ok(())
            } else {
                Err(io::Error::last_os_error())
            }
        }

        /// Creates the folder `name` here, when there is none: whether it made one.
        /// Gives the file `from` the name `to` as well, never over an existing `to`.
        pub fn link_new(&self, from: &str, to: &str) -> io::Result<()> {
            let (from, to) = (c(from)?, c(to)?);
            // SAFETY: both names are NUL-terminated and relative to the same open folder;
            // no flag, so a link `from` is not followed.
            let done = unsafe {
                libc::linkat(
                    self.fd.as_raw_fd(),
                    from.as_ptr(),
                    self.fd.as_raw_fd(),
                    to.as_ptr(),
                    0,
                )
            };
            if done == 0 {
                Ok(())
            } else {
                Err(io::Error::last_os_error())
            }
        }

        pub fn create_folder(&self, name: &str) -> io::Result<bool> {
            let cname = c(name)?;
            // SAFETY: as above.
            if unsafe { libc::mkdirat(self.fd.as_raw_fd(), cname.as_ptr(), 0o755) } == 0 {
                return Ok(true);
            }
            match io::Error::last_os_error() {
                e if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
                e => Err(e),
            }
        }

        /// Removes the folder `name` here if it is empty.
        pub fn remove_empty_folder(&self, name: &str) {
            if let Ok(name) = c(name) {
                // SAFETY: as above; the system removes only an empty folder.
                unsafe { libc::unlinkat(self.fd.as_raw_fd(), name.as_ptr(), libc::AT_REMOVEDIR) };
            }
        }

        pub fn remove(&self, name: &str) {
            if let Ok(name) = c(name) {
                // SAFETY: as above.
                unsafe { libc::unlinkat(self.fd.as_raw_fd(), name.as_ptr(), 0) };
            }
        }
    }
}

#[cfg(not(unix))]
mod imp {
    use std::fs::File;
    use std::io;
    use std::path::{Path, PathBuf};

    use super::not_here;

    /// A folder under the dossier, checked to be no link when opened.
    pub struct Folder {
        path: PathBuf,
    }

    impl Folder {
        pub fn open(root: &Path, folders: &str) -> io::Result<Folder> {
            let mut path = root.to_path_buf();
            for part in folders.split('/').filter(|p| !p.is_empty()) {
                path.push(part);
                if !std::fs::symlink_metadata(&path)?.file_type().is_dir() {
                    return Err(not_here(&format!("`{part}`")));
                }
            }
            Ok(Folder { path })
        }

        pub fn handle(&self) -> io::Result<File> {
            File::open(&self.path)
        }

        pub fn read(&self, name: &str) -> io::Result<Option<(Vec<u8>, u32)>> {
            let path = self.path.join(name);
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if !meta.is_file() => Err(not_here(&format!("`{name}`"))),
                Ok(meta) => Ok(Some((
                    std::fs::read(&path)?,
                    if meta.permissions().readonly() {
                        0o444
                    } else {
                        0o644
                    },
                ))),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            }
        }

        pub fn create_new(&self, name: &str) -> io::Result<File> {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(self.path.join(name))
        }

        pub fn rename(&self, from: &str, to: &str) -> io::Result<()> {
            std::fs::rename(self.path.join(from), self.path.join(to))
        }

        pub fn link_new(&self, from: &str, to: &str) -> io::Result<()> {
            std::fs::hard_link(self.path.join(from), self.path.join(to))
        }

        pub fn create_folder(&self, name: &str) -> io::Result<bool> {
            match std::fs::create_dir(self.path.join(name)) {
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
                Err(e) => Err(e),
                Ok(()) => Ok(true),
            }
        }

        pub fn remove_empty_folder(&self, name: &str) {
            let _ = std::fs::remove_dir(self.path.join(name));
        }

        pub fn remove(&self, name: &str) {
            let _ = std::fs::remove_file(self.path.join(name));
        }
    }
}

pub use imp::Folder;

/// Sets a file's permission bits, where the system has them.
pub fn set_mode(file: &File, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (file, mode);
        Ok(())
    }
}

/// `file`'s folder and name: `annotations/claims/x.yaml` is `annotations/claims` and `x.yaml`.
pub fn split(file: &str) -> (&str, &str) {
    file.rsplit_once('/').unwrap_or(("", file))
}
