#include "pii.h"

#include <algorithm>

namespace capiqa::pii {

namespace {
constexpr std::array<std::string_view, AllFields.size()> FieldKeys{
    "em", "ph", "fn", "ln", "ge", "db", "ct", "st", "zp", "country", "external_id"};
constexpr std::array<std::string_view, AllProfiles.size()> ProfileNames{"meta", "node-sdk", "python-sdk",
                                                                        "php-sdk"};
} // namespace

std::string_view fieldKey(Field field)
{
    return FieldKeys[static_cast<std::size_t>(field)];
}

std::optional<Field> fieldFromKey(std::string_view key)
{
    for (std::size_t i = 0; i < FieldKeys.size(); ++i) {
        if (FieldKeys[i] == key)
            return AllFields[i];
    }
    return std::nullopt;
}

std::optional<Field> fieldFromKey(QStringView key)
{
    // Compared in place (the keys are ASCII): this runs for every user_data key built or checked.
    for (std::size_t i = 0; i < FieldKeys.size(); ++i) {
        const std::string_view k = FieldKeys[i];
        if (qsizetype(k.size()) == key.size()
            && std::equal(k.begin(), k.end(), key.begin(), [](char a, QChar b) { return b.unicode() == uchar(a); }))
            return AllFields[i];
    }
    return std::nullopt;
}

std::string_view profileName(Profile profile)
{
    return ProfileNames[static_cast<std::size_t>(profile)];
}

std::optional<Profile> profileFromName(std::string_view name)
{
    if (name == "param-builder")
        return Profile::Meta;
    for (std::size_t i = 0; i < ProfileNames.size(); ++i) {
        if (ProfileNames[i] == name)
            return AllProfiles[i];
    }
    return std::nullopt;
}

std::optional<Profile> profileFromName(QStringView name)
{
    const QByteArray latin = name.toLatin1();
    return profileFromName(std::string_view(latin.constData(), std::size_t(latin.size())));
}

std::string_view statusWord(Status status)
{
    switch (status) {
    case Status::Hashed: return "hashed";
    case Status::Rejected: return "rejected";
    case Status::Dropped: return "dropped";
    case Status::DroppedNull: return "dropped-null";
    case Status::SentUnhashed: return "sent-unhashed";
    case Status::PassthroughSha256: return "passthrough-sha256";
    case Status::PassthroughMd5: return "passthrough-md5";
    case Status::PassthroughParamBuilder: return "passthrough-param-builder";
    case Status::Passthrough: return "passthrough";
    }
    return "hashed";
}

bool sendsNothing(Status status)
{
    return status == Status::Rejected || status == Status::Dropped || status == Status::DroppedNull;
}

} // namespace capiqa::pii
