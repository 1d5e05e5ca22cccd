#pragma once

#include "normalizers.h"
#include "pii.h"

#include <QtCore/QJsonValue>
#include <QtCore/QString>

#include <optional>
#include <string>
#include <string_view>

namespace capiqa::pii {

/// Everything capiqa reports about one value under one profile.
struct PiiResult {
    Status status = Status::Hashed;
    std::string normalized; ///< what was hashed, or the value passed through / sent verbatim
    std::string sha256;     ///< 64 lowercase hex for Hashed; the value sent for a passthrough; else empty
    std::string sent;       ///< what lands in user_data; meaningful only when hasSent
    bool hasSent = false;   ///< false: omitted (dropped), a JSON null (dropped-null) or never sent (rejected)
    std::string error;      ///< the implementation's message when Rejected

    /// `sent` as JSON: a string, or null.
    QJsonValue sentJson() const;
    /// The value two implementations must share to count as sending the same thing: the bare
    /// hash (without a parameter-builder appendix) or the verbatim value; nullopt when nothing
    /// usable is sent (rejected, dropped, dropped-null all count alike).
    std::optional<std::string_view> payload() const
    {
        if (!hasSent)
            return std::nullopt;
        return sha256.empty() ? std::string_view(sent) : std::string_view(sha256);
    }
};

/// Normalises and hashes values under one profile. Reuses its buffers, so a loop over millions
/// of values allocates nothing once they have grown: the batch path of `capiqa-cli hash` and of
/// request building. Not thread-safe; use one per thread.
class PiiProcessor final
{
public:
    explicit PiiProcessor(Profile profile = Profile::Meta) : m_profile(profile) {}

    Profile profile() const { return m_profile; }
    void setProfile(Profile profile) { m_profile = profile; }

    /// The reference stays valid until the next call.
    const PiiResult &process(Field field, std::string_view utf8);

    /// Convenience for one value.
    static PiiResult run(Profile profile, Field field, QStringView value);

private:
    Profile m_profile;
    Normalized m_scratch;
    PiiResult m_result;
};

} // namespace capiqa::pii
