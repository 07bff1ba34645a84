import './lib/zod-jitless';
import { mount } from 'svelte';
import './styles/global.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('Gloss: #app is missing from index.html');

export default mount(App, { target });
