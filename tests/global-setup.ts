// Replaced by the real setup (test database + Redis prefix) once the database layer exists.
export default function setup(): void {}
