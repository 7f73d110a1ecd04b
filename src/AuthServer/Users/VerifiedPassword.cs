using AuthServer.Strategies.Abstractions;

namespace AuthServer.Users;

/// <summary>A user whose password was just verified, and the stored hash it matched (a sign-in goes ahead only while it is current).</summary>
internal sealed record VerifiedPassword(AuthUser User, string PasswordHash);

/// <summary>A password change ready to write: the stored hash the current password matched, and the new password's hash.</summary>
internal sealed record PasswordChange(AuthUser User, string CurrentHash, string NewHash);
