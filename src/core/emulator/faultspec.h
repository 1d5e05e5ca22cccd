#pragma once

#include <QtCore/QString>

#include <optional>
#include <random>

/// Fault injection for the local emulator: which share of CAPI requests gets a 5xx, a 429, a
/// transient Graph error, a late answer or a dropped connection. Decisions come from a seeded
/// generator, so the same spec and the same request order always give the same faults.
namespace capiqa::emulator {

/// What happens to one request. `None` means the emulator answers as Meta would.
enum class Fault : quint8 {
    None,
    Http500,   ///< HTTP 500, Graph code 1 (unknown error), is_transient false
    Http503,   ///< HTTP 503, Graph code 2 (service unavailable), is_transient true
    Http429,   ///< HTTP 429, Graph code 4 (rate limit) with a Retry-After header
    Transient, ///< HTTP 500, Graph code 2 with is_transient true
    Slow,      ///< the normal answer, sent `slowDelayMs` late (events are processed)
    Drop,      ///< the connection is closed without an answer (events are not processed)
};

/// "none", "500", "503", "429", "transient", "slow", "drop": the spec's own words.
QString faultName(Fault fault);

/// Rates are shares of requests, 0..1, and together at most 1.
struct FaultSpec
{
    double http500 = 0;
    double http503 = 0;
    double http429 = 0;
    double transient = 0;
    double slow = 0;
    double drop = 0;
    int retryAfterSeconds = 1; ///< sent with every injected 429
    int slowDelayMs = 3000;    ///< past Meta's recommended 1,500 ms client timeout
    quint32 seed = 0;

    bool isEmpty() const { return totalRate() <= 0; }
    double totalRate() const { return http500 + http503 + http429 + transient + slow + drop; }

    /// Parses a compact spec such as
    /// "500=0.05,503=0.05,429=0.05:retry-after=1,transient=0.05,slow=0.02:3000,drop=0.02,seed=42".
    /// Keys may come in any order, each at most once; "" and "none" mean no faults. On a bad spec
    /// returns nothing and, when `error` is given, says what is wrong in one sentence.
    static std::optional<FaultSpec> parse(QStringView spec, QString *error = nullptr);
    /// The canonical spec: parse(toString()) gives back an equal FaultSpec.
    QString toString() const;

    bool operator==(const FaultSpec &other) const = default;
};

/// Draws one Fault per request. Uses std::mt19937, whose output the C++ standard fixes, and
/// its own mapping to [0,1), so a seed gives the same sequence on every platform and compiler.
class FaultInjector final
{
public:
    explicit FaultInjector(const FaultSpec &spec = {}) { reset(spec); }

    /// Takes a new spec and restarts the sequence from its seed.
    void reset(const FaultSpec &spec);
    const FaultSpec &spec() const { return m_spec; }
    /// The fault for the next request. Draws exactly one number per request, even for an empty
    /// spec, so request n always gets the n-th draw of the seed whatever the rates are.
    Fault next();

private:
    FaultSpec m_spec;
    std::mt19937 m_rng;
};

} // namespace capiqa::emulator
