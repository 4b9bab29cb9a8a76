/**
 * A self-signed CA certificate (ECDSA P-256, valid 2026-2036; its key is thrown away), for webhooks' and APIServices'
 * caBundle in tests: the constructs and the gate parse a CA certificate as X.509, so a made-up PEM block fails them.
 */
export const TEST_CA_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIBnjCCAUWgAwIBAgIUU90iXuq3H2vOAGDLdZFzaEzaTeQwCgYIKoZIzj0EAwIw
JTEjMCEGA1UEAwwaYmFja3VwLW9wZXJhdG9yLXdlYmhvb2stY2EwHhcNMjYxMjAy
MDYzNjM0WhcNMzYxMTI5MDYzNjM0WjAlMSMwIQYDVQQDDBpiYWNrdXAtb3BlcmF0
b3Itd2ViaG9vay1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABKsiVTGxdUS0
AybY/+6or98ZNUzXZs/oi9vXN39lf9EA+jNOtjz7VhD2C7Ur8xiGeKJXyHM7RgS2
gB2lF77AHkmjUzBRMB0GA1UdDgQWBBQK3R2H0p+BdWia4jWaHTEZIi7d2DAfBgNV
HSMEGDAWgBQK3R2H0p+BdWia4jWaHTEZIi7d2DAPBgNVHRMBAf8EBTADAQH/MAoG
CCqGSM49BAMCA0cAMEQCIFeQuWuJcXfbvgqjDfXDdc4kJ8/uD5nG3LMfCjj9FTow
AiBhwzZc8LPqGM44aCMRUETH9axoBPqh12mEbFIfKf2i/g==
-----END CERTIFICATE-----
`;
