/** What the web layer reads from Fastify's per-route `config`. */
declare module "fastify" {
  interface FastifyContextConfig {
    /** CSRF protection of the route's unsafe methods (WebFluid routes always set it; default true). */
    csrf?: boolean;
  }
}
export {};
