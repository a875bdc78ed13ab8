import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { signInWith, signOut } from './api';
import { completeSignIn } from './sign-in';
import './console.css';

/** Back from the sign-in page: take the token before the first render (once, not per StrictMode effect). */
async function boot() {
  try {
    const signedIn = await completeSignIn();
    if (signedIn) {
      signInWith(signedIn.idToken);
      window.history.replaceState(null, '', signedIn.returnTo);
    }
  } catch {
    signOut({ notice: 'Sign-in did not complete. Please try again.' });
  }
  const root = document.getElementById('root');
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  }
}

void boot();
