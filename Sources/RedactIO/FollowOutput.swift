// Output rotation: SIGHUP makes the sink reopen its file by path, so logrotate can rename the
// output (then signal) without losing a line: everything before the reopen went to the old file,
// everything after goes to the new one, split at a chunk boundary (whole lines).

import Glibc

/// A sink that can be replaced by a freshly opened one. The current sink is finished (a
/// compressor ends its frame, the descriptor is closed) before the new one takes over, so each
/// output file is complete on its own.
public final class ReopeningSink: ByteSink {
    public let path: String
    private var inner: ByteSink
    private let makeSink: (Int32) -> ByteSink
    /// Times the output was reopened.
    public private(set) var reopens = 0

    /// `makeSink` builds the sink chain on a descriptor (a file sink, maybe a compressor over it).
    /// `fd` is the already-open output.
    public init(path: String, fd: Int32, makeSink: @escaping (Int32) -> ByteSink) {
        self.path = path
        self.makeSink = makeSink
        inner = makeSink(fd)
    }

    /// Opens `path` (creating it, appending: a reopen without a rename must not truncate),
    /// finishes the current sink and switches to the new one. On failure the current sink stays.
    public func reopen() throws(IOError) {
        let fd: Int32
        switch Sys.openForWriting(path, append: true) {
        case .success(let d): fd = d
        case .failure(let e): throw e
        }
        let next = makeSink(fd)
        do {
            try inner.finish()
        } catch {
            inner = next
            reopens += 1
            throw error
        }
        inner = next
        reopens += 1
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(IOError) { try inner.write(bytes) }
    public func flush() throws(IOError) { try inner.flush() }
    public func finish() throws(IOError) { try inner.finish() }
}
