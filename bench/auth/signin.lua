-- POST /api/auth/sign-in/email with the benchmark user's credentials (one scrypt verify each).
wrk.method = "POST"
wrk.path = "/api/auth/sign-in/email"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"bench@example.com","password":"bench-password-123"}'
