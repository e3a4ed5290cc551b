# gongkai's api and worker (one image; docker-compose.yml picks the command).
# TypeScript runs through scripts/register.js (@swc/core, a devDependency),
# so `npm ci` installs devDependencies too: do not set NODE_ENV=production
# before it.
FROM node:20.19-bookworm-slim

WORKDIR /app

# Dependencies first: this layer is rebuilt only when the lockfile changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY . .

# GONGKAI_HOME must be writable by the unprivileged user the processes run as.
RUN mkdir -p /var/lib/gongkai && chown node:node /var/lib/gongkai
USER node

ENV HOST=0.0.0.0 \
    PORT=3000 \
    GONGKAI_HOME=/var/lib/gongkai

EXPOSE 3000
CMD ["npm", "run", "start:api"]
