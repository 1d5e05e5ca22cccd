#pragma once

#include <QtCore/QString>

#include <array>
#include <optional>
#include <string_view>

/// Vocabulary of the PII normalisation layer: the customer-information fields Meta hashes,
/// the official implementations capiqa reproduces, and the outcome words each one uses.
namespace capiqa::pii {

/// The user_data keys that Meta's implementations normalise (and, except external_id in
/// the SDKs, hash).
enum class Field : quint8 { Em, Ph, Fn, Ln, Ge, Db, Ct, St, Zp, Country, ExternalId };
inline constexpr std::array AllFields{Field::Em, Field::Ph, Field::Fn, Field::Ln, Field::Ge, Field::Db,
                                      Field::Ct, Field::St, Field::Zp, Field::Country, Field::ExternalId};

/// The official implementations. `Meta` is Meta's parameter builder (capi-param-builder-nodejs
/// 1.3.2), the default because the SDKs' next major versions delegate to it.
enum class Profile : quint8 { Meta, NodeSdk, PythonSdk, PhpSdk };
inline constexpr std::array AllProfiles{Profile::Meta, Profile::NodeSdk, Profile::PythonSdk, Profile::PhpSdk};

/// What an implementation does with one value. Each profile uses only its own subset, with the
/// exact words of the reference vectors (see statusWord()).
enum class Status : quint8 {
    Hashed,                  ///< normalised, then SHA-256
    Rejected,                ///< the SDK throws: the whole event fails before sending
    Dropped,                 ///< empty/invalid after normalisation: the key is omitted
    DroppedNull,             ///< node-sdk: the normaliser returned null and the SDK sends a JSON null
    SentUnhashed,            ///< external_id in the SDKs: sent verbatim
    PassthroughSha256,       ///< already 64 hex: sent lowercased, not hashed again
    PassthroughMd5,          ///< already 32 hex
    PassthroughParamBuilder, ///< already parameter-builder output (hash + "." + appendix)
    Passthrough,             ///< python/php: already a hash, sent as is
};

/// "em", "ph", …, "external_id".
std::string_view fieldKey(Field field);
std::optional<Field> fieldFromKey(std::string_view key);
std::optional<Field> fieldFromKey(QStringView key);

/// "meta", "node-sdk", "python-sdk", "php-sdk".
std::string_view profileName(Profile profile);
/// Accepts the names above; "param-builder" is an alias of "meta".
std::optional<Profile> profileFromName(std::string_view name);
std::optional<Profile> profileFromName(QStringView name);

/// The word the reference vectors use: "hashed", "rejected", "dropped-null", …
std::string_view statusWord(Status status);

/// True when the value that lands in user_data is a JSON null (node-sdk's dropped-null) or
/// nothing at all (rejected, dropped).
bool sendsNothing(Status status);

} // namespace capiqa::pii
