import CZstd
import Foundation
import Redact
@testable import RedactIO
import Testing

/// Compresses with the encoding sink; `flushAfter` marks where `flush()` ends a block.
func zstdCompress(_ parts: [[UInt8]], level: Int32 = 3) -> [UInt8] {
    let memory = MemorySink()
    let z = ZstdEncodingSink(inner: memory, level: level)
    for part in parts {
        try! part.withUnsafeBytes { try z.write($0) }
        try! z.flush()
    }
    try! z.finish()
    return memory.bytes
}

/// libzstd's one-shot decoder, independent of the streaming code under test.
func zstdDecompressOneShot(_ data: [UInt8], capacity: Int) -> [UInt8]? {
    var out = [UInt8](repeating: 0, count: capacity)
    let n = out.withUnsafeMutableBytes { o in
        data.withUnsafeBytes { i in ZSTD_decompress(o.baseAddress, o.count, i.baseAddress, i.count) }
    }
    if ZSTD_isError(n) != 0 { return nil }
    return Array(out[0..<n])
}

func skippableFrame(_ payload: [UInt8], nibble: UInt8 = 0) -> [UInt8] {
    let size = UInt32(payload.count)
    return [0x50 | nibble, 0x2A, 0x4D, 0x18,
            UInt8(size & 0xFF), UInt8((size >> 8) & 0xFF), UInt8((size >> 16) & 0xFF), UInt8(size >> 24)]
        + payload
}

/// Reads a source to its end; returns the bytes and the first failure.
func drain(_ source: ByteSource, bufferSize: Int = 1 << 16) -> ([UInt8], InputError?) {
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: bufferSize)
    while true {
        let r = buf.withUnsafeMutableBytes { source.read(into: $0) }
        switch r {
        case .bytes(let n): out += buf[0..<n]
        case .end: return (out, nil)
        case .failed(let e): return (out, e)
        }
    }
}

@Suite struct ZstdTests {
    static let text: [UInt8] = {
        var t: [UInt8] = []
        for i in 0..<5000 { t += bytes("2026-11-23T10:00:00Z INFO request \(i) took \(i % 97) ms\n") }
        return t
    }()

    @Test func encoderOutputIsAStandardFrame() {
        let z = zstdCompress([Self.text])
        #expect(ZstdMagic.matches(z))
        #expect(z.count < Self.text.count / 4)
        #expect(zstdDecompressOneShot(z, capacity: Self.text.count * 2) == Self.text)
    }

    @Test(arguments: [1, 2, 3, 5, 13, 64, 4096, Int.max])
    func singleFrameDecodesWithAnyReadSize(readSize: Int) {
        let z = zstdCompress([Array(Self.text[0..<40_000]), Array(Self.text[40_000...])])
        let (out, error) = drain(ZstdDecodingSource(inner: MemorySource(z, maxReadSize: readSize), name: "t"),
                                 bufferSize: readSize == Int.max ? 1 << 16 : 977)
        #expect(error == nil)
        #expect(out == Self.text)
    }

    @Test func concatenatedAndSkippableFramesDecode() {
        let a = Array(Self.text[0..<1000]), b = Array(Self.text[1000..<50_000]), c = Array(Self.text[50_000...])
        let stream = skippableFrame(bytes("metadata"), nibble: 0xA) + zstdCompress([a]) + zstdCompress([b])
            + skippableFrame([]) + zstdCompress([c]) + skippableFrame(bytes("trailer"))
        for readSize in [1, 7, Int.max] {
            let (out, error) = drain(ZstdDecodingSource(inner: MemorySource(stream, maxReadSize: readSize), name: "t"))
            #expect(error == nil)
            #expect(out == Self.text)
        }
        #expect(ZstdMagic.matches(skippableFrame([], nibble: 0xF)))
    }

    @Test func truncatedFrameKeepsWhatWasDecodedAndNamesTheOffset() {
        let first = Array(Self.text[0..<100_000])
        let second = Array(Self.text[100_000...])
        let whole = zstdCompress([first, second])
        let firstOnly = zstdCompress([first])
        // Cut inside the second block: everything of the first block must come out.
        let cutAt = firstOnly.count + 20
        let truncated = Array(whole[0..<cutAt])
        let (out, error) = drain(ZstdDecodingSource(inner: MemorySource(truncated, maxReadSize: 333), name: "in.zst"))
        #expect(error == InputError(input: "in.zst", kind: .truncated(offset: cutAt, frameOffset: 0)))
        #expect(out.count >= first.count)
        #expect(Array(Self.text[0..<out.count]) == out)
        #expect(error!.description.contains("in.zst"))
        #expect(error!.description.contains("\(cutAt)"))
    }

    @Test func truncatedSecondFrameReportsItsStart() {
        let a = zstdCompress([Array(Self.text[0..<5000])])
        let b = zstdCompress([Array(Self.text[5000...])])
        let stream = a + b[0..<(b.count / 2)]
        let (out, error) = drain(ZstdDecodingSource(inner: MemorySource(stream), name: "x"))
        #expect(error == InputError(input: "x", kind: .truncated(offset: stream.count, frameOffset: a.count)))
        #expect(Array(out.prefix(5000)) == Array(Self.text[0..<5000]))
    }

    @Test func corruptDataIsAnErrorWithAnOffset() {
        var z = zstdCompress([Self.text])
        for i in (z.count / 2)..<(z.count / 2 + 64) { z[i] ^= 0x5A }
        let (out, error) = drain(ZstdDecodingSource(inner: MemorySource(z), name: "bad.zst"))
        guard case .corrupt(let offset, let frameOffset, let reason)? = error?.kind else {
            Issue.record("expected a corruption error, got \(String(describing: error))")
            return
        }
        #expect(frameOffset == 0)
        #expect(offset > 0 && offset <= z.count)
        #expect(!reason.isEmpty)
        #expect(Array(Self.text[0..<out.count]) == out || out.count <= Self.text.count)
    }

    @Test func flushMakesEverythingWrittenSoFarDecodable() {
        let memory = MemorySink()
        let z = ZstdEncodingSink(inner: memory)
        try! bytes("first line\n").withUnsafeBytes { try z.write($0) }
        try! z.flush()
        #expect(memory.flushCount == 1)
        // Not a finished frame yet, but the streaming decoder yields the line.
        let (out, error) = drain(ZstdDecodingSource(inner: MemorySource(memory.bytes), name: "t"))
        #expect(out == bytes("first line\n"))
        #expect(error != nil)  // truncated: the frame is still open
        try! z.finish()
        #expect(zstdDecompressOneShot(memory.bytes, capacity: 100) == bytes("first line\n"))
    }

    @Test func pipelineRoundTripThroughTheEncoder() throws {
        let plan = try RedactionPlan(maxRecordSize: 1 << 20)
        var c = PipelineConfiguration(maxRecordSize: 1 << 20)
        c.chunkSize = 4096
        c.inlineThreshold = 0
        let p = Pipeline(plan: plan, configuration: c)
        let memory = MemorySink()
        try p.run(source: MemorySource(Self.text), sink: ZstdEncodingSink(inner: memory, level: 1))
        let decoded = zstdDecompressOneShot(memory.bytes, capacity: Self.text.count * 2)
        #expect(decoded == plan.redact(bytes: Self.text))
    }
}

@Suite struct InputListTests {
    static func temp(_ name: String, _ data: [UInt8]) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("redact-io-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(data))
        return path
    }

    @Test func filesAreJoinedInOrderAndCompressedOnesDecoded() {
        let a = Self.temp("a.log", bytes("one\ntwo"))
        let b = Self.temp("b.log.zst", zstdCompress([bytes(" continued\nthree\n")]))
        let c = Self.temp("c.log", bytes("(not zstd\n"))
        let e = Self.temp("empty.log", [])
        for readSize in [1, 2, 3, Int.max] {
            let list = InputList([.path(a), .path(e), .path(b), .path(c)], maxReadSize: readSize)
            let (out, error) = drain(list, bufferSize: 5)
            #expect(error == nil)
            #expect(out == bytes("one\ntwo continued\nthree\n(not zstd\n"))
        }
    }

    @Test func decompressNeverPassesCompressedBytesToTheRedactor() {
        let z = zstdCompress([bytes("hello\n")])
        let path = Self.temp("never.zst", z)
        let (out, _) = drain(InputList([.path(path)], decompress: .never))
        #expect(out == z)
    }

    @Test func missingFileIsReportedAndTheListCarriesOn() {
        let a = Self.temp("ok.log", bytes("fine\n"))
        let list = InputList([.path("/nonexistent/dir/missing.log"), .path(a)])
        var buf = [UInt8](repeating: 0, count: 100)
        let first = buf.withUnsafeMutableBytes { list.read(into: $0) }
        #expect(first == .failed(InputError(input: "/nonexistent/dir/missing.log", kind: .open(errno: ENOENT))))
        let (out, error) = drain(list)
        #expect(out == bytes("fine\n"))
        #expect(error == nil)
        let dirError = drain(InputList([.path(FileManager.default.temporaryDirectory.path)])).1
        #expect(dirError?.kind == .open(errno: EISDIR))
    }

    @Test func standardInputIsReadFromTheGivenDescriptor() {
        let p = Pipe2()
        _ = zstdCompress([bytes("from stdin\n")]).withUnsafeBytes { Sys.writeAll(p.write, $0) }
        close(p.write)
        let (out, error) = drain(InputList([.standardInput], standardInput: p.read))
        #expect(out == bytes("from stdin\n"))
        #expect(error == nil)
        close(p.read)
    }

    @Test func truncatedCompressedFileFailsThenTheNextFileIsRead() {
        let z = zstdCompress([bytes("kept\n"), bytes("lost in the cut part\n")])
        let bad = Self.temp("trunc.zst", Array(z[0..<(z.count - 6)]))
        let good = Self.temp("after.log", bytes("after\n"))
        let list = InputList([.path(bad), .path(good)])
        var c = PipelineConfiguration(maxRecordSize: 1 << 20)
        c.threads = 1
        let p = Pipeline(configuration: c) { FakeRedactor() }
        let sink = MemorySink()
        try! p.run(source: list, sink: sink)
        #expect(p.inputErrors == [InputError(input: bad, kind: .truncated(offset: z.count - 6, frameOffset: 0))])
        let text = String(decoding: sink.bytes, as: UTF8.self)
        #expect(text.hasPrefix("0|kept\n"))
        #expect(text.hasSuffix("0|after\n"))
    }
}

@Suite struct SyscallTests {
    @Test func writeAllDeliversLargeBuffersThroughAPipe() {
        let p = Pipe2()
        let data = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let writer = Background {
            let r = data.withUnsafeBytes { Sys.writeAll(p.write, $0) }
            precondition(r == nil)
            close(p.write)
        }
        let (out, error) = drain(FileDescriptorSource(fd: p.read, name: "p"))
        writer.join()
        #expect(error == nil)
        #expect(out == data)
        close(p.read)
    }

    @Test func writeToAClosedPipeIsEPIPE() {
        Sys.ignoreSIGPIPE()
        let p = Pipe2()
        close(p.read)
        let sink = FileDescriptorSink(fd: p.write, name: "<stdout>")
        #expect(throws: IOError(.write, code: EPIPE, role: .output, path: "<stdout>")) {
            try bytes("x\n").withUnsafeBytes { try sink.write($0) }
        }
        close(p.write)
    }

    @Test func pipesAreEnlarged() {
        let p = Pipe2()
        Sys.enlargePipe(p.read)
        let F_GETPIPE_SZ: Int32 = 1032
        #expect(fcntl(p.read, F_GETPIPE_SZ) == 1 << 20)
        close(p.read)
        close(p.write)
    }

    @Test func openErrorsAreTyped() {
        guard case .failure(let e) = Sys.openForReading("/no/such/file") else {
            Issue.record("opened a missing file")
            return
        }
        #expect(e.code == ENOENT)
        #expect(e.role == .input)
        #expect(e.description == "/no/such/file: No such file or directory")
    }
}
