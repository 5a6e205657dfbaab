// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "swift-redact",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Redact", targets: ["Redact"]),
        .library(name: "RedactIO", targets: ["RedactIO"]),
        .library(name: "RedactLogging", targets: ["RedactLogging"]),
        .library(name: "RedactCorpus", targets: ["RedactCorpus"]),
        .executable(name: "redact", targets: ["redact"]),
        .executable(name: "redact-corpus", targets: ["redact-corpus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // HMAC-SHA-256 for keyed pseudonyms.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // C libraries from Debian's -dev packages, one shim header each.
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CMalloc"),

        // The engine: policy, compiled plan, record splitting, scanning, detectors, rewriting. No I/O.
        .target(name: "Redact", dependencies: ["CPCRE2", .product(name: "Crypto", package: "swift-crypto")]),
        // The edges: file descriptors, zstd, follow mode, the parallel pipeline.
        .target(name: "RedactIO", dependencies: ["Redact", "CZstd", "CMalloc"]),
        // A swift-log handler that redacts before forwarding.
        .target(name: "RedactLogging", dependencies: ["Redact", .product(name: "Logging", package: "swift-log")]),
        // Deterministic, labeled corpus generator (evaluation and benchmarks). No dependency on the engine.
        .target(name: "RedactCorpus"),

        .executableTarget(name: "redact", dependencies: [
            "Redact", "RedactIO", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "redact-corpus", dependencies: [
            "Redact", "RedactCorpus", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "RedactTests", dependencies: ["Redact", "RedactCorpus"]),
        .testTarget(name: "RedactIOTests", dependencies: ["RedactIO", "Redact"]),
        .testTarget(name: "RedactLoggingTests", dependencies: [
            "RedactLogging", .product(name: "Logging", package: "swift-log"),
        ]),
        // End-to-end: runs the built `redact` and `redact-corpus` binaries on fixture files.
        .testTarget(name: "RedactCLITests", dependencies: ["redact", "redact-corpus"]),
    ]
)
