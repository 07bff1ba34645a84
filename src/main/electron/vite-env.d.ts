// import.meta.env as Vite defines it at build time (DEV, PROD, MODE).
/// <reference types="electron-vite/node" />
