#pragma once

#include "sendoptions.h"

#include <QtCore/QJsonObject>
#include <QtCore/QString>

namespace capiqa::transport {

/// A shell command that sends `body` as capiqa would (same URL, same JSON, test code applied),
/// for a bug report or a terminal. The token is never in it: the URL reads
/// `access_token=$CAPIQA_ACCESS_TOKEN` (and `appsecret_proof=$CAPIQA_APPSECRET_PROOF` when the
/// profile has an app secret), expanded by the shell. Single quotes make the body literal for
/// POSIX shells; a quote inside the body is written '\''.
QString curlCommand(const QJsonObject &body, const SendOptions &options);

} // namespace capiqa::transport
