-- sqlite3 .dump of a database made by AuthServer at 1f37ba3 (migration 20261128132050_Initial) under jwt-refresh:
-- user Before_Upgrade (password 'password from 1f37ba3') registered, logged in once, refreshed once.
-- Refresh tokens: first dbfSPZxSGdqCOOMyeXOnHzJUx6y_puQm34H2V0bBZPk (used), current 4RnXvKbvW8BzcxTq9TLCnbrHQKLpyVf-Fv-8rFULd-E.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
    "Timestamp" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);
INSERT INTO __EFMigrationsHistory VALUES('20261128132050_Initial','10.0.15');
CREATE TABLE IF NOT EXISTS "RefreshFamilies" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RefreshFamilies" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "RevokedAt" INTEGER NULL
);
INSERT INTO RefreshFamilies VALUES('2afb1abee26d40b4bc78ce3b3c8b81bd','01a2280b-8710-7371-af9f-d1dcc3fd86c1',1795968174364,1798560174364,NULL);
CREATE TABLE IF NOT EXISTS "ServerSecrets" (
    "Name" TEXT NOT NULL CONSTRAINT "PK_ServerSecrets" PRIMARY KEY,
    "Value" BLOB NOT NULL
);
INSERT INTO ServerSecrets VALUES('refresh-successor-key',X'1f2a8706819fd061f9628314b3f076db2dd8ae44144cbf4f3f18fa26d27344c6');
CREATE TABLE IF NOT EXISTS "Users" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Users" PRIMARY KEY,
    "Username" TEXT NOT NULL,
    "NormalizedUsername" TEXT NOT NULL,
    "PasswordHash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL
);
INSERT INTO Users VALUES('01a2280b-8710-7371-af9f-d1dcc3fd86c1','Before_Upgrade','BEFORE_UPGRADE','AQAAAAIAAzRQAAAAEJpK4FOs5b5bptW1pGPMWRdrgHi1dlAUcCmKLXJTxuSMfHH1/LI6aJy1tLQaqUkyCg==',1795968173840);
CREATE TABLE IF NOT EXISTS "RefreshTokens" (
    "Hash" TEXT NOT NULL CONSTRAINT "PK_RefreshTokens" PRIMARY KEY,
    "FamilyId" TEXT NOT NULL,
    "ParentHash" TEXT NULL,
    "IssuedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "UsedAt" INTEGER NULL,
    CONSTRAINT "FK_RefreshTokens_RefreshFamilies_FamilyId" FOREIGN KEY ("FamilyId") REFERENCES "RefreshFamilies" ("Id") ON DELETE CASCADE
);
INSERT INTO RefreshTokens VALUES('1PYj6HEHOkad3bFHbJUlOLNGzRgwdU82UeA8WnRNvgc','2afb1abee26d40b4bc78ce3b3c8b81bd',NULL,1795968174364,1797177774364,1795968174676);
INSERT INTO RefreshTokens VALUES('zAtUXpPsQdv0R4zYAuYvvpFyQixujKIwKBzRKys-ooI','2afb1abee26d40b4bc78ce3b3c8b81bd','1PYj6HEHOkad3bFHbJUlOLNGzRgwdU82UeA8WnRNvgc',1795968174676,1797177774676,NULL);
CREATE INDEX "IX_RefreshFamilies_ExpiresAt" ON "RefreshFamilies" ("ExpiresAt");
CREATE INDEX "IX_RefreshFamilies_UserId" ON "RefreshFamilies" ("UserId");
CREATE INDEX "IX_RefreshTokens_ExpiresAt" ON "RefreshTokens" ("ExpiresAt");
CREATE INDEX "IX_RefreshTokens_FamilyId" ON "RefreshTokens" ("FamilyId");
CREATE INDEX "IX_RefreshTokens_ParentHash" ON "RefreshTokens" ("ParentHash");
CREATE UNIQUE INDEX "IX_Users_NormalizedUsername" ON "Users" ("NormalizedUsername");
COMMIT;
